import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CacheConfig, ClusterConfig } from '../config/types';
import type { ClusterData } from './ClusterData';
import { ClusterWatch } from './ClusterWatch';
import type { ClusterWriter } from './ClusterWriter';

export interface WaitOptions {
  /** Real time to wait at most; the probe's answer so far is then `undefined`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The plugin's always-fresh, metadata-only picture of every configured cluster. The only thing
 * in the plugin that talks to clusters; everything else reads from it.
 */
export class ClusterCache {
  readonly #watches: ClusterWatch[];

  constructor(
    clusters: ClusterConfig[],
    cache: CacheConfig,
    logger: LoggerService,
    readonly now: () => number = Date.now,
  ) {
    this.#watches = clusters.map(
      c =>
        new ClusterWatch(c, {
          maxBackoffMs: cache.maxBackoffMs,
          discoveryIntervalMs: cache.discoveryIntervalMs,
          logger,
          now,
        }),
    );
  }

  /** Starts discovery and watches in the background; never waits for a cluster. */
  start(): void {
    for (const w of this.#watches) w.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#watches.map(w => w.stop()));
  }

  clusters(): readonly ClusterWatch[] {
    return this.#watches;
  }

  cluster(name: string): ClusterWatch | undefined {
    return this.#watches.find(w => w.config.name === name);
  }

  /** The writes to `cluster`, over its watches' credentials; undefined for an unknown cluster. */
  writer(cluster: string): ClusterWriter | undefined {
    return this.cluster(cluster)?.writer;
  }

  /**
   * Resolves with the first answer `probe` gives for `cluster`'s data: at once if it has one,
   * else on the first change after which it has (changes arrive through the watches). Resolves
   * `undefined` after `timeoutMs`, on `signal`, or for an unknown cluster. No polling: the probe
   * runs once per batch of changes, so it must be cheap (index lookups).
   */
  waitFor<T>(
    cluster: string,
    probe: (data: ClusterData) => T | undefined,
    { timeoutMs, signal }: WaitOptions,
  ): Promise<T | undefined> {
    const watch = this.cluster(cluster);
    if (!watch || signal?.aborted) return Promise.resolve(undefined);
    const first = probe(watch.data);
    if (first !== undefined) return Promise.resolve(first);
    const data = watch.data;
    return new Promise<T | undefined>(resolve => {
      const cleanups: Array<() => void> = [];
      const finish = (value: T | undefined) => {
        for (const cleanup of cleanups) cleanup();
        resolve(value);
      };
      const aborted = () => finish(undefined);
      const timer = setTimeout(aborted, timeoutMs);
      cleanups.push(() => clearTimeout(timer));
      signal?.addEventListener('abort', aborted);
      cleanups.push(() => signal?.removeEventListener('abort', aborted));
      cleanups.push(
        data.changes.subscribe(() => {
          const value = probe(data);
          if (value !== undefined) finish(value);
        }),
      );
    });
  }

  /** Resolves once every cluster has synced and is connected, or false after `timeoutMs`. */
  async waitUntilSynced(
    timeoutMs: number,
    clusters: readonly ClusterWatch[] = this.#watches,
  ): Promise<boolean> {
    const synced = (w: ClusterWatch) =>
      (w.status().synced && w.status().state === 'connected') || undefined;
    const all = await Promise.all(
      clusters.map(w =>
        this.waitFor(w.config.name, () => synced(w), { timeoutMs }),
      ),
    );
    return all.every(Boolean);
  }
}
