import { ServerResponse } from 'node:http';
import { SimClock, SimTimer } from '../../clock/SimClock';
import { expired, statusBody } from '../apiErrors';
import { ResourceDefinition, resourceKey } from '../resourceDefinition';
import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { StoredObject } from '../store/StoredObject';
import { CommittedEvent } from '../store/WatchHistory';
import { KubeApiError, KubeObject } from '../types';
import {
  TABLE_TAIL,
  TableOptions,
  tableHead,
  tableRow,
} from './tableRendering';
import {
  partialJson,
  PartialMetadataFormat,
  partialObjectJson,
} from './partialMetadata';
import { WatchHub, WatchSubscriber } from './WatchHub';
import { WatchStream } from './WatchStream';

export interface WatchRequest {
  def: ResourceDefinition;
  /** apiVersion the client asked for (objects are rendered at it) */
  apiVersion: string;
  namespace?: string;
  /** namespace + name + label + field selectors combined */
  matches: (obj: KubeObject) => boolean;
  table?: TableOptions;
  /** metadata protocol: each event's object as PartialObjectMetadata */
  partial?: PartialMetadataFormat;
  /** '' / '0': synthetic ADDED for current state; N: events after N */
  resourceVersion: number | undefined;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutMs: number;
  bookmarkIntervalMs: number;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One open watch. Selector semantics follow the watch cache: an object that stops matching is
 * sent as DELETED, one that starts matching as ADDED.
 */
export class ResourceWatch implements WatchSubscriber {
  readonly defKey: string;
  readonly #request: WatchRequest;
  readonly #stream: WatchStream;
  readonly #hub: WatchHub;
  readonly #store: InMemoryClusterStore;
  readonly #clock: SimClock;
  #timeoutTimer?: SimTimer;
  #bookmarkTimer?: SimTimer;
  #sentTableHeaders = false;

  constructor(
    res: ServerResponse,
    request: WatchRequest,
    deps: { store: InMemoryClusterStore; hub: WatchHub; clock: SimClock },
  ) {
    // a view (events.k8s.io Events) follows the commits of the resource it shows
    this.defKey = request.def.storage
      ? resourceKey(request.def.storage)
      : request.def.key;
    this.#request = request;
    this.#stream = new WatchStream(res);
    this.#hub = deps.hub;
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  start(): void {
    const { resourceVersion: rv } = this.#request;
    const history = this.#store.history;
    this.#stream.start();
    if (rv !== undefined && !history.covers(rv)) {
      this.#fail(
        expired(`too old resource version: ${rv} (${history.compactedRv})`),
      );
      return;
    }
    if (rv !== undefined && rv > this.#store.resourceVersion) {
      this.#fail(
        new KubeApiError(
          504,
          'Timeout',
          `Too large resource version: ${rv}, current: ${
            this.#store.resourceVersion
          }`,
          {
            causes: [
              {
                reason: 'ResourceVersionTooLarge',
                message: 'Too large resource version',
              },
            ],
            retryAfterSeconds: 1,
          },
        ),
      );
      return;
    }
    const unsubscribe = this.#hub.add(this);
    this.#stream.onClose(() => {
      unsubscribe();
      this.#clock.clearTimer(this.#timeoutTimer);
      this.#clock.clearTimer(this.#bookmarkTimer);
    });
    if (rv === undefined) {
      const startRv = this.#store.resourceVersion;
      const entries = [
        ...this.#store
          .table(this.#request.def)
          .entries(this.#request.namespace),
      ];
      // the first initial ADDED is the first object the encoder would fail on
      if (entries.some(e => this.#request.matches(e.object)) && this.#unfit())
        return;
      this.#stream.push(this.#initialLines(entries));
      if (this.#request.sendInitialEvents && !this.#unfit())
        this.#stream.push(this.#bookmarkLine(startRv, true));
    } else {
      for (const event of history.after(rv, this.defKey)) this.onEvent(event);
    }
    this.#timeoutTimer = this.#clock.setTimer(this.#request.timeoutMs, () =>
      this.#stream.endWhenFlushed(),
    );
    if (this.#request.allowBookmarks) this.#scheduleBookmark();
  }

  onEvent(event: CommittedEvent): void {
    const type = this.#project(event);
    if (!type || this.#unfit()) return;
    const { partial } = this.#request;
    if (partial)
      this.#stream.push(
        this.#hub.partialEventLine(event, type, partial.version),
      );
    else if (this.#request.table)
      this.#stream.push(this.#tableLine(type, event.object));
    else
      this.#stream.push(
        this.#hub.eventLine(event, type, this.#request.apiVersion),
      );
  }

  destroy(): void {
    this.#stream.destroy();
  }

  end(): void {
    this.#stream.endWhenFlushed();
  }

  #project(event: CommittedEvent): WatchEventType | undefined {
    const { matches } = this.#request;
    const now = matches(event.object.object);
    const before = event.old ? matches(event.old.object) : false;
    switch (event.type) {
      case 'ADDED':
        return now ? 'ADDED' : undefined;
      case 'DELETED':
        return (event.old ? before : now) ? 'DELETED' : undefined;
      default:
        if (now && before) return 'MODIFIED';
        if (now) return 'ADDED';
        return before ? 'DELETED' : undefined;
    }
  }

  *#initialLines(entries: StoredObject[]): Generator<string> {
    for (const entry of entries) {
      if (!this.#request.matches(entry.object)) continue;
      const { partial, table } = this.#request;
      if (partial)
        yield `{"type":"ADDED","object":${partialObjectJson(
          entry,
          partial.version,
        )}}\n`;
      else if (table) yield this.#tableLine('ADDED', entry);
      else
        yield `{"type":"ADDED","object":${entry.json(
          this.#request.apiVersion,
        )}}\n`;
    }
  }

  /**
   * A watch asked for PartialObjectMetadataList: the server's watch encoder cannot turn an event's
   * single object into a list, so the stream ends at the first object it would send (200 and no
   * events, as a real server answers).
   */
  #unfit(): boolean {
    if (!this.#request.partial?.list) return false;
    this.#stream.endWhenFlushed();
    return true;
  }

  #tableLine(type: string, entry: StoredObject): string {
    const table = {
      ...this.#request.table!,
      noHeaders: this.#sentTableHeaders,
    };
    this.#sentTableHeaders = true;
    const now = this.#clock.now();
    const object =
      tableHead(this.#request.def, table, {
        resourceVersion: String(entry.resourceVersion),
      }) +
      tableRow(this.#request.def, entry, table, this.#request.apiVersion, now) +
      TABLE_TAIL;
    return `{"type":"${type}","object":${object}}\n`;
  }

  #bookmarkLine(rv: number, initialEventsEnd = false): string {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(rv),
      creationTimestamp: null,
    };
    if (initialEventsEnd)
      metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const { partial } = this.#request;
    if (partial)
      return `{"type":"BOOKMARK","object":${partialJson(
        metadata,
        partial.version,
      )}}\n`;
    const object = {
      kind: this.#request.def.kind,
      apiVersion: this.#request.apiVersion,
      metadata,
    };
    return `{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`;
  }

  #scheduleBookmark(): void {
    this.#bookmarkTimer = this.#clock.setTimer(
      this.#request.bookmarkIntervalMs,
      () => {
        if (this.#stream.closed || this.#unfit()) return;
        // everything up to the current resourceVersion has already been queued for this watch
        this.#stream.push(this.#bookmarkLine(this.#store.resourceVersion));
        this.#scheduleBookmark();
      },
    );
  }

  #fail(error: KubeApiError): void {
    this.#stream.push(
      `{"type":"ERROR","object":${JSON.stringify(statusBody(error))}}\n`,
    );
    this.#stream.endWhenFlushed();
  }
}
