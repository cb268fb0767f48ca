import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterConnectionState,
  EsoApiVersion,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterConfig } from '../config/types';
import { ClusterData } from './ClusterData';
import { KubeApiError, KubeHttp } from './KubeHttp';
import { ClusterWriter } from './ClusterWriter';
import { appsPath, corePath, ESO_GROUP, esoPath } from './kubePaths';
import { ListWatcher, type WatchSink } from './ListWatcher';
import {
  projectClusterExternalSecret,
  projectWorkload,
  projectExternalSecret,
  projectPushSecret,
  projectSecretMeta,
  projectStore,
  projectWarningEvent,
} from './projections';
import { WORKLOAD_KINDS, WORKLOAD_PLURALS } from './workloadKinds';

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

export interface ClusterWatchOptions {
  maxBackoffMs: number;
  /** How often the served ESO API is looked up again once watching. */
  discoveryIntervalMs: number;
  logger: LoggerService;
  now: () => number;
}

/** The external-secrets.io versions to watch; absent `eso` means ESO is not installed. */
interface ServedEso {
  eso?: string;
  push?: string;
}

const sameEso = (a: ServedEso, b: ServedEso) =>
  a.eso === b.eso && a.push === b.push;

const asKubeError = (e: unknown) =>
  e instanceof KubeApiError
    ? e
    : new KubeApiError(String((e as Error)?.message ?? e));

/**
 * One cluster's discovery, watchers and connection state. Never throws to its caller: failures
 * become state, and everything retries with backoff in the background. Discovery runs again every
 * `discoveryIntervalMs`, and at once when every ESO watch gets 404, so ESO installed, upgraded or
 * removed after startup is followed: the watchers are replaced and the cluster's data cleared.
 */
export class ClusterWatch {
  readonly data = new ClusterData();
  readonly #http: KubeHttp;
  #watchers: Array<ListWatcher<any>> = [];
  #watcherById = new Map<string, ListWatcher<any>>();
  /** Bumped when the watchers are replaced, so late callbacks of old ones are ignored. */
  #generation = 0;
  #healthy = new Map<string, boolean>();
  /** Watchers of the main ESO version: all of them 404 when that version stops being served. */
  #esoWatcherIds = new Set<string>();
  #notFound = new Set<string>();
  #esoApiVersion: EsoApiVersion = 'unknown';
  #lastError?: KubeApiError;
  /** Set while re-discovery of a cluster without ESO fails: nothing else would notice. */
  #discoveryError?: KubeApiError;
  #lastCompleteAt?: number;
  #stopped = false;
  #sleepAbort = new AbortController();
  #wake?: () => void;
  #run?: Promise<void>;

  /** The cluster's writes, over the same credentials as its watches. */
  readonly writer: ClusterWriter;

  constructor(
    readonly config: ClusterConfig,
    private readonly options: ClusterWatchOptions,
  ) {
    this.#http = new KubeHttp(config);
    this.writer = new ClusterWriter(this.#http, () => this.#esoApiVersion);
  }

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

  /** How often the watchers were replaced because the served ESO API changed. */
  get watcherGenerations(): number {
    return this.#generation;
  }

  /** LIST requests across this cluster's watchers (initial lists, relists, restarts). */
  get lists(): number {
    return this.#watchers.reduce((n, w) => n + w.lists, 0);
  }

  /** Relists caused by 410 Gone across this cluster's watchers. */
  get relists(): number {
    return this.#watchers.reduce((n, w) => n + w.relists, 0);
  }

  status(): ClusterStatus {
    if (this.#esoApiVersion === 'none') {
      if (this.#discoveryError)
        return {
          state: 'unreachable',
          esoApiVersion: 'none',
          synced: true,
          lastSyncAt: this.#lastCompleteAt,
          lastError: this.#discoveryError,
        };
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

  async #discoverAndWatch(): Promise<void> {
    let served = await this.#firstDiscovery();
    if (!served) return;
    this.#startWatchers(served);
    while (!this.#stopped) {
      await this.#sleep(this.options.discoveryIntervalMs);
      if (this.#stopped) return;
      let next: ServedEso;
      try {
        next = await this.#discoverEso();
        this.#discoveryError = undefined;
        if (!next.eso) this.#lastCompleteAt = this.options.now();
      } catch (e) {
        // watchers report their own failures; only a cluster without ESO has none to report
        this.#discoveryError = asKubeError(e);
        continue;
      }
      if (sameEso(next, served)) continue;
      this.options.logger.info(
        `secrets: cluster ${this.config.name}: served ESO API changed from ${
          served.eso ?? 'none'
        } to ${next.eso ?? 'none'}; rewatching`,
      );
      await this.#replaceWatchers(next);
      served = next;
    }
  }

  /** Discovery with backoff until it succeeds; undefined when stopped first. */
  async #firstDiscovery(): Promise<ServedEso | undefined> {
    let backoff = 1000;
    while (!this.#stopped) {
      try {
        return await this.#discoverEso();
      } catch (e) {
        this.#lastError = asKubeError(e);
        this.options.logger.warn(
          `secrets: cluster ${this.config.name}: discovery failed: ${
            this.#lastError.message
          }`,
        );
        await this.#sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
    return undefined;
  }

  async #discoverEso(): Promise<ServedEso> {
    let served: Set<string>;
    try {
      const group = await this.#http.getJson<{
        versions?: Array<{ version: string }>;
      }>(`/apis/${encodeURIComponent(ESO_GROUP)}`);
      served = new Set((group.versions ?? []).map(v => v.version));
    } catch (e) {
      if (!(e instanceof KubeApiError && e.status === 404)) throw e;
      served = new Set();
    }
    const eso = ['v1', 'v1beta1'].find(v => served.has(v));
    const push = eso && served.has('v1alpha1') ? 'v1alpha1' : undefined;
    this.#esoApiVersion = (eso as EsoApiVersion) ?? 'none';
    return { eso, push };
  }

  /** The served ESO API changed: what the old watchers cached may not exist any more. */
  async #replaceWatchers(served: ServedEso): Promise<void> {
    this.#generation++;
    const old = this.#watchers;
    this.#watchers = [];
    this.#watcherById = new Map();
    this.#healthy = new Map();
    this.#esoWatcherIds = new Set();
    this.#notFound = new Set();
    this.#lastError = undefined;
    await Promise.all(old.map(w => w.stop()));
    this.data.clear();
    this.#startWatchers(served);
  }

  #startWatchers(versions: ServedEso) {
    const d = this.data;
    const generation = this.#generation;
    const add = <T>(
      id: string,
      path: string,
      project: (raw: any) => T | undefined,
      sink: WatchSink<T>,
      query?: Record<string, string>,
      metadataOnly = false,
    ) => {
      this.#healthy.set(id, false);
      if (path.startsWith(`/apis/${ESO_GROUP}/${versions.eso}/`))
        this.#esoWatcherIds.add(id);
      const watcher = new ListWatcher<T>({
        http: this.#http,
        path,
        query,
        metadataOnly,
        project,
        sink,
        maxBackoffMs: this.options.maxBackoffMs,
        onState: ({ healthy, error }) => {
          if (generation === this.#generation)
            this.#onWatcherState(id, healthy, error);
        },
      });
      this.#watchers.push(watcher);
      this.#watcherById.set(id, watcher);
    };
    if (versions.eso) {
      const eso = versions.eso;
      add(
        'externalsecrets',
        esoPath(eso, 'externalsecrets'),
        projectExternalSecret,
        d.externalSecrets,
      );
      add(
        'secretstores',
        esoPath(eso, 'secretstores'),
        projectStore('SecretStore'),
        d.stores,
      );
      add(
        'clustersecretstores',
        esoPath(eso, 'clustersecretstores'),
        projectStore('ClusterSecretStore'),
        d.clusterStores,
      );
      add(
        'clusterexternalsecrets',
        esoPath(eso, 'clusterexternalsecrets'),
        projectClusterExternalSecret,
        d.clusterExternalSecrets,
      );
      if (versions.push)
        add(
          'pushsecrets',
          esoPath(versions.push, 'pushsecrets'),
          projectPushSecret,
          d.pushSecrets,
        );
      // metadata only: a Secret's data never leaves the API server
      add(
        'secrets',
        corePath('secrets'),
        projectSecretMeta,
        d.secrets,
        { labelSelector: MANAGED_SELECTOR },
        true,
      );
      for (const kind of WORKLOAD_KINDS)
        add(
          WORKLOAD_PLURALS[kind],
          appsPath(WORKLOAD_PLURALS[kind]),
          projectWorkload(kind),
          d.workloadSink(kind),
        );
      add('events', corePath('events'), projectWarningEvent, d.warnings.sink, {
        fieldSelector: 'type=Warning',
      });
    } else {
      this.#lastCompleteAt = this.options.now();
      // nothing to watch: complete now
      this.data.changes.notify();
    }
    for (const w of this.#watchers) w.start();
  }

  #onWatcherState(id: string, healthy: boolean, error?: KubeApiError) {
    const wasComplete = this.status().state === 'connected';
    this.#healthy.set(id, healthy);
    if (error) this.#lastError = error;
    if (error?.status === 404) this.#notFound.add(id);
    else this.#notFound.delete(id);
    // every ESO path gone: ESO was removed or upgraded; no need to wait for the next interval
    if (
      this.#esoWatcherIds.size > 0 &&
      [...this.#esoWatcherIds].every(w => this.#notFound.has(w))
    )
      this.#wake?.();
    if (wasComplete && !healthy) {
      this.#lastCompleteAt = this.options.now();
      this.options.logger.warn(
        `secrets: cluster ${this.config.name}: watch of ${id} failed: ${error?.message}`,
      );
    }
    // one watch answering again means the cluster is back: the others need not wait out their backoff
    if (healthy)
      for (const [other, up] of this.#healthy)
        if (!up) this.#watcherById.get(other)?.retryNow();
    if (this.status().state === 'connected')
      this.#lastCompleteAt = this.options.now();
    // the state is part of what waiters on the cache look at (waitUntilSynced)
    this.data.changes.notify();
  }

  /** Waits `ms`, or less when stopped or woken for an early re-discovery. */
  #sleep(ms: number): Promise<void> {
    return new Promise<void>(resolve => {
      const signal = this.#sleepAbort.signal;
      const timer = setTimeout(finish, ms);
      signal.addEventListener('abort', finish);
      this.#wake = finish;
      function finish() {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      }
    }).finally(() => {
      this.#wake = undefined;
    });
  }
}
