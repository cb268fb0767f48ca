import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CacheConfig, ClusterConfig } from '../config/types';
import { ClusterWatch } from './ClusterWatch';

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

  /** Resolves once every cluster has synced or `timeoutMs` passed (tests and benchmarks). */
  async waitUntilSynced(
    timeoutMs: number,
    clusters = this.#watches,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (
        clusters.every(
          w => w.status().synced && w.status().state === 'connected',
        )
      )
        return true;
      await new Promise(r => setTimeout(r, 20));
    }
    return false;
  }
}
