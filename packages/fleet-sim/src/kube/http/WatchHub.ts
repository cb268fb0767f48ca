import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { CommittedEvent } from '../store/WatchHistory';
import { partialObjectJson } from './partialMetadata';

/** Something that receives the committed events of one resource. */
export interface WatchSubscriber {
  readonly defKey: string;
  onEvent(event: CommittedEvent): void;
  /** fault injection: drop the connection */
  destroy(): void;
  /** end the stream cleanly after what is queued (like a watch timeout) */
  end(): void;
}

/**
 * Fans committed store events out to the open watches of each resource. Event JSON is rendered
 * once per (event, type, apiVersion) and shared by every watch that sends it.
 */
export class WatchHub {
  readonly #byResource = new Map<string, Set<WatchSubscriber>>();
  readonly #rendered = new WeakMap<CommittedEvent, Map<string, string>>();
  readonly #unsubscribe: () => void;

  constructor(store: InMemoryClusterStore) {
    this.#unsubscribe = store.onCommit(event => {
      const subscribers = this.#byResource.get(event.def.key);
      if (subscribers) for (const s of [...subscribers]) s.onEvent(event);
    });
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byResource.values()) n += set.size;
    return n;
  }

  add(subscriber: WatchSubscriber): () => void {
    let set = this.#byResource.get(subscriber.defKey);
    if (!set) this.#byResource.set(subscriber.defKey, (set = new Set()));
    set.add(subscriber);
    return () => set!.delete(subscriber);
  }

  /** `{"type":...,"object":...}\n` for an event, cached for the other watches. */
  eventLine(event: CommittedEvent, type: string, apiVersion: string): string {
    return this.#cached(
      event,
      `${type}|${apiVersion}`,
      () => `{"type":"${type}","object":${event.object.json(apiVersion)}}\n`,
    );
  }

  /** The same for a metadata watch: the object as PartialObjectMetadata at meta.k8s.io/`version`. */
  partialEventLine(
    event: CommittedEvent,
    type: string,
    version: 'v1' | 'v1beta1',
  ): string {
    return this.#cached(
      event,
      `${type}|partial/${version}`,
      () =>
        `{"type":"${type}","object":${partialObjectJson(
          event.object,
          version,
        )}}\n`,
    );
  }

  #cached(event: CommittedEvent, variant: string, render: () => string) {
    let byVariant = this.#rendered.get(event);
    if (!byVariant) this.#rendered.set(event, (byVariant = new Map()));
    let line = byVariant.get(variant);
    if (line === undefined) {
      line = render();
      byVariant.set(variant, line);
    }
    return line;
  }

  endAll(): number {
    const all = [...this.#byResource.values()].flatMap(set => [...set]);
    all.forEach(s => s.end());
    return all.length;
  }

  destroyAll(): number {
    const all = [...this.#byResource.values()].flatMap(set => [...set]);
    all.forEach(s => s.destroy());
    return all.length;
  }

  stop(): void {
    this.destroyAll();
    this.#unsubscribe();
  }
}
