import { ResourceDefinition } from '../resourceDefinition';
import { StoredObject } from './StoredObject';

export interface CommittedEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  def: ResourceDefinition;
  rv: number;
  object: StoredObject;
  old?: StoredObject;
}

/**
 * The bounded window of recent changes a watch can resume from (etcd keeps ~5 minutes; we keep the
 * last N events). Events at or before `compactedRv` are gone: resuming there is a 410.
 */
export class WatchHistory {
  readonly #capacity: number;
  readonly #ring: Array<CommittedEvent | undefined>;
  #start = 0;
  #length = 0;
  #compactedRv: number;

  constructor(capacity: number, startRv: number) {
    this.#capacity = Math.max(1, capacity);
    this.#ring = new Array(this.#capacity);
    this.#compactedRv = startRv;
  }

  get compactedRv(): number {
    return this.#compactedRv;
  }

  push(event: CommittedEvent): void {
    if (this.#length === this.#capacity) {
      const evicted = this.#ring[this.#start]!;
      this.#compactedRv = evicted.rv;
      this.#ring[this.#start] = undefined;
      this.#start = (this.#start + 1) % this.#capacity;
      this.#length--;
    }
    this.#ring[(this.#start + this.#length) % this.#capacity] = event;
    this.#length++;
  }

  /** Drops everything: a watch or continue token from before `currentRv` now gets 410. */
  compact(currentRv: number): void {
    this.#ring.fill(undefined);
    this.#start = 0;
    this.#length = 0;
    this.#compactedRv = currentRv;
  }

  /** Whether events after `rv` are all still retained. */
  covers(rv: number): boolean {
    return rv >= this.#compactedRv;
  }

  /** Retained events of one resource with rv > `afterRv`, oldest first. */
  *after(afterRv: number, defKey: string): IterableIterator<CommittedEvent> {
    // binary search the first event after afterRv (rvs are increasing around the ring)
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#at(mid).rv <= afterRv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#length; i++) {
      const event = this.#at(i);
      if (event.def.key === defKey) yield event;
    }
  }

  #at(i: number): CommittedEvent {
    return this.#ring[(this.#start + i) % this.#capacity]!;
  }
}
