import { KubeApiError, type KubeHttp, type WatchEventType } from './KubeHttp';
import {
  METADATA_LIST_ACCEPT,
  METADATA_WATCH_ACCEPT,
  requireMetadataList,
  requireMetadataObject,
} from './metadataProtocol';

/** Receives one kind's objects, already projected (no secret data ever reaches a sink). */
export interface WatchSink<T> {
  replace(entries: Array<[string, T]>): void;
  upsert(key: string, value: T): void;
  remove(key: string): void;
}

export interface ListWatcherOptions<T> {
  http: KubeHttp;
  /** Cluster-wide collection path, e.g. /apis/apps/v1/deployments */
  path: string;
  query?: Record<string, string>;
  /**
   * List and watch with the metadata protocol only (objects reduced to their metadata by the
   * server): for Secrets, whose values must never reach the backend. No fallback to full objects.
   */
  metadataOnly?: boolean;
  /** Projects a raw object to what the cache keeps; undefined skips it. */
  project(raw: any): T | undefined;
  sink: WatchSink<T>;
  initialBackoffMs?: number;
  maxBackoffMs: number;
  /** Called whenever the watcher becomes healthy (listed) or fails. */
  onState(state: { healthy: boolean; error?: KubeApiError }): void;
  sleep?: (ms: number) => Promise<void>;
}

const keyOf = (raw: any) =>
  `${raw.metadata?.namespace ?? ''}/${raw.metadata?.name}`;

class GoneError extends KubeApiError {
  constructor(message: string) {
    super(message, 410, 'Expired');
  }
}

/**
 * List+watch of one collection that never gives up: any error restarts it after a backoff of
 * 1 s doubling to `maxBackoffMs` (client-node's informer stops for good on non-410 errors),
 * 410 Gone relists at once, bookmarks keep the resume point fresh.
 */
export class ListWatcher<T> {
  #stopped = false;
  #abort = new AbortController();
  #loop?: Promise<void>;
  #resourceVersion?: string;
  #healthy = false;
  #sawEvent = false;
  #retryNow?: () => void;
  /** Relists caused by 410 Gone, for tests and metrics. */
  relists = 0;
  /** LIST requests made, for tests and metrics. */
  lists = 0;

  constructor(private readonly options: ListWatcherOptions<T>) {}

  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Ends a backoff wait at once (and its doubling): the cluster answers again, as a sibling
   * watcher just proved, so waiting out up to `maxBackoffMs` would only keep the cache behind.
   */
  retryNow(): void {
    this.#retryNow?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const o = this.options;
    const initial = o.initialBackoffMs ?? 1000;
    let backoff = initial;
    while (!this.#stopped) {
      this.#sawEvent = false;
      try {
        if (!this.#resourceVersion) {
          this.#resourceVersion = await this.#list();
          this.#setHealthy();
        }
        await o.http.watch(
          o.path,
          {
            ...o.query,
            allowWatchBookmarks: 'true',
            resourceVersion: this.#resourceVersion,
          },
          this.#onEvent,
          this.#abort.signal,
          // a resumed watch is as good as a fresh list: the cache is current again
          this.#setHealthy,
          o.metadataOnly ? METADATA_WATCH_ACCEPT : undefined,
        );
        // A clean end is the server's watch timeout: resume from the last resourceVersion.
        if (this.#sawEvent) backoff = initial;
      } catch (e) {
        if (this.#stopped) break;
        const error =
          e instanceof KubeApiError
            ? e
            : new KubeApiError(String((e as Error)?.message ?? e));
        if (error.status === 410) {
          this.relists++;
          this.#resourceVersion = undefined;
          continue;
        }
        this.#healthy = false;
        o.onState({ healthy: false, error });
        const retried = await Promise.race([
          this.#sleep(backoff).then(() => false),
          new Promise<boolean>(resolve => {
            this.#retryNow = () => resolve(true);
          }),
        ]);
        this.#retryNow = undefined;
        backoff = retried ? initial : Math.min(backoff * 2, o.maxBackoffMs);
        continue;
      }
      // a server that ends watches at once must not turn this into a busy loop
      if (!this.#stopped) await this.#sleep(this.#sawEvent ? 0 : initial);
    }
  }

  #setHealthy = () => {
    if (this.#healthy) return;
    this.#healthy = true;
    this.options.onState({ healthy: true });
  };

  #onEvent = (type: WatchEventType, object: any) => {
    this.#sawEvent = true;
    if (type === 'ERROR') {
      if (object?.code === 410) throw new GoneError(object.message ?? 'Gone');
      throw new KubeApiError(object?.message ?? 'watch error', object?.code);
    }
    if (this.options.metadataOnly)
      requireMetadataObject(this.options.path, object);
    this.#resourceVersion =
      object?.metadata?.resourceVersion ?? this.#resourceVersion;
    if (type === 'BOOKMARK') return;
    if (type === 'DELETED') this.options.sink.remove(keyOf(object));
    else this.#upsert(object);
  };

  async #list(): Promise<string> {
    const o = this.options;
    this.lists++;
    const list = await o.http.getJson<{
      metadata: { resourceVersion: string };
      items: any[];
    }>(o.path, o.query, o.metadataOnly ? METADATA_LIST_ACCEPT : undefined);
    if (o.metadataOnly) requireMetadataList(o.path, list);
    const entries: Array<[string, T]> = [];
    for (const raw of list.items) {
      const projected = o.project(raw);
      if (projected !== undefined) entries.push([keyOf(raw), projected]);
    }
    o.sink.replace(entries);
    return list.metadata.resourceVersion;
  }

  #upsert(raw: any) {
    const projected = this.options.project(raw);
    if (projected === undefined) this.options.sink.remove(keyOf(raw));
    else this.options.sink.upsert(keyOf(raw), projected);
  }

  #sleep(ms: number): Promise<void> {
    if (this.options.sleep) return this.options.sleep(ms);
    return new Promise(resolve => {
      const timer = setTimeout(done, ms);
      const signal = this.#abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
