import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterConnectionState,
  EsoApiVersion,
} from '@internal/plugin-secrets-common';
import type { ClusterConfig } from '../config/types';
import { ClusterData } from './ClusterData';
import { KubeApiError, KubeHttp } from './KubeHttp';
import { ListWatcher, type WatchSink } from './ListWatcher';
import {
  projectClusterExternalSecret,
  projectDeployment,
  projectExternalSecret,
  projectPushSecret,
  projectSecretMeta,
  projectStore,
  projectWarningEvent,
} from './projections';

const ESO_GROUP = 'external-secrets.io';
const MANAGED_SELECTOR = 'reconcile.external-secrets.io/managed=true';

export interface ClusterStatus {
  state: ClusterConnectionState;
  esoApiVersion: EsoApiVersion;
  /** Every watcher has listed at least once. */
  synced: boolean;
  /** Epoch ms when the view was last complete and current (now, while connected). */
  lastSyncAt?: number;
  lastError?: KubeApiError;
}

/**
 * One cluster's discovery, watchers and connection state. Never throws to its caller: failures
 * become state, and everything retries with backoff in the background.
 */
export class ClusterWatch {
  readonly data = new ClusterData();
  #http?: KubeHttp;
  #watchers: Array<ListWatcher<any>> = [];
  #healthy = new Map<string, boolean>();
  #esoApiVersion: EsoApiVersion = 'unknown';
  #lastError?: KubeApiError;
  #lastCompleteAt?: number;
  #stopped = false;
  #sleepAbort = new AbortController();
  #run?: Promise<void>;

  constructor(
    readonly config: ClusterConfig,
    private readonly options: {
      maxBackoffMs: number;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  start(): void {
    this.#run ??= this.#discoverAndWatch();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#sleepAbort.abort();
    await this.#run;
    await Promise.all(this.#watchers.map(w => w.stop()));
  }

  get esoApiVersion(): EsoApiVersion {
    return this.#esoApiVersion;
  }

  /** Relists caused by 410 Gone across this cluster's watchers. */
  get relists(): number {
    return this.#watchers.reduce((n, w) => n + w.relists, 0);
  }

  status(): ClusterStatus {
    if (this.#esoApiVersion === 'none') {
      return {
        state: 'connected',
        esoApiVersion: 'none',
        synced: true,
        lastSyncAt: this.options.now(),
      };
    }
    const flags = [...this.#healthy.values()];
    const synced = flags.length > 0 && this.#watchers.length === flags.length;
    const allHealthy = synced && flags.every(Boolean);
    let state: ClusterConnectionState;
    if (allHealthy) state = 'connected';
    else if (flags.some(Boolean)) state = 'degraded';
    else state = this.#lastError ? 'unreachable' : 'degraded';
    return {
      state,
      esoApiVersion: this.#esoApiVersion,
      synced,
      lastSyncAt: allHealthy ? this.options.now() : this.#lastCompleteAt,
      lastError: allHealthy ? undefined : this.#lastError,
    };
  }

  /** Merge-patches annotations onto an object of this cluster (force-sync bumps). */
  async annotate(
    path: string,
    annotations: Record<string, string>,
  ): Promise<void> {
    if (!this.#http)
      throw new KubeApiError(
        `cluster ${this.config.name} is not connected yet`,
      );
    await this.#http.mergePatch(path, { metadata: { annotations } });
  }

  esoPath(
    version: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): string {
    const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `/apis/${ESO_GROUP}/${version}${ns}/${plural}/${encodeURIComponent(
      name,
    )}`;
  }

  async #discoverAndWatch(): Promise<void> {
    let backoff = 1000;
    while (!this.#stopped) {
      try {
        this.#http ??= await KubeHttp.fromConfig(this.config);
        const versions = await this.#discoverEso(this.#http);
        this.#startWatchers(this.#http, versions);
        return;
      } catch (e) {
        this.#lastError =
          e instanceof KubeApiError
            ? e
            : new KubeApiError(String((e as Error).message));
        this.options.logger.warn(
          `secrets: cluster ${this.config.name}: discovery failed: ${
            this.#lastError.message
          }`,
        );
        await this.#sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  async #discoverEso(http: KubeHttp): Promise<{ eso?: string; push?: string }> {
    try {
      const group = await http.getJson<{
        versions?: Array<{ version: string }>;
      }>(`/apis/${ESO_GROUP}`);
      const served = new Set((group.versions ?? []).map(v => v.version));
      const eso = ['v1', 'v1beta1'].find(v => served.has(v));
      this.#esoApiVersion = (eso as EsoApiVersion) ?? 'none';
      return { eso, push: served.has('v1alpha1') ? 'v1alpha1' : undefined };
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) {
        this.#esoApiVersion = 'none';
        return {};
      }
      throw e;
    }
  }

  #startWatchers(http: KubeHttp, versions: { eso?: string; push?: string }) {
    const d = this.data;
    const add = <T>(
      id: string,
      path: string,
      project: (raw: any) => T | undefined,
      sink: WatchSink<T>,
      query?: Record<string, string>,
    ) => {
      this.#healthy.set(id, false);
      const watcher = new ListWatcher<T>({
        http,
        path,
        query,
        project,
        sink,
        maxBackoffMs: this.options.maxBackoffMs,
        onState: ({ healthy, error }) =>
          this.#onWatcherState(id, healthy, error),
      });
      this.#watchers.push(watcher);
    };
    if (versions.eso) {
      const base = `/apis/${ESO_GROUP}/${versions.eso}`;
      add(
        'externalsecrets',
        `${base}/externalsecrets`,
        projectExternalSecret,
        d.externalSecrets,
      );
      add(
        'secretstores',
        `${base}/secretstores`,
        projectStore('SecretStore'),
        d.stores,
      );
      add(
        'clustersecretstores',
        `${base}/clustersecretstores`,
        projectStore('ClusterSecretStore'),
        d.clusterStores,
      );
      add(
        'clusterexternalsecrets',
        `${base}/clusterexternalsecrets`,
        projectClusterExternalSecret,
        d.clusterExternalSecrets,
      );
      if (versions.push)
        add(
          'pushsecrets',
          `/apis/${ESO_GROUP}/${versions.push}/pushsecrets`,
          projectPushSecret,
          d.pushSecrets,
        );
      add('secrets', '/api/v1/secrets', projectSecretMeta, d.secrets, {
        labelSelector: MANAGED_SELECTOR,
      });
      add(
        'deployments',
        '/apis/apps/v1/deployments',
        projectDeployment,
        d.deployments,
      );
      add('events', '/api/v1/events', projectWarningEvent, d.warnings.sink, {
        fieldSelector: 'type=Warning',
      });
    } else {
      this.#lastCompleteAt = this.options.now();
    }
    for (const w of this.#watchers) w.start();
  }

  #onWatcherState(id: string, healthy: boolean, error?: KubeApiError) {
    const wasComplete = this.status().state === 'connected';
    this.#healthy.set(id, healthy);
    if (error) this.#lastError = error;
    if (wasComplete && !healthy) {
      this.#lastCompleteAt = this.options.now();
      this.options.logger.warn(
        `secrets: cluster ${this.config.name}: watch of ${id} failed: ${error?.message}`,
      );
    }
    if (this.status().state === 'connected')
      this.#lastCompleteAt = this.options.now();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.#sleepAbort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
