/**
 * Tells listeners that a cluster's data changed. Notifications are coalesced into one per
 * microtask: a relist applies hundreds of upserts, and a listener (a `waitFor` probe) only needs
 * to look once they are all in.
 */
export class ChangeSignal {
  readonly #listeners = new Set<() => void>();
  #scheduled = false;

  /** Calls `listener` after changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify = (): void => {
    if (this.#scheduled || this.#listeners.size === 0) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      for (const listener of [...this.#listeners]) listener();
    });
  };
}
