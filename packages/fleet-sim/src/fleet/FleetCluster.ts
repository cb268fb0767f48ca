/*
 * One simulated cluster of the fleet: its API server (HTTP(S), tokens, faults) plus the
 * controllers that run "inside" it — ESO, the Deployment rollout controller and Reloader — all on
 * the fleet clock, and the Backstage plugin's service-account token.
 */
import type { SimClock } from '../clock/SimClock';
import { EsoController } from '../eso/EsoController';
import type { EsoContext, EsoOptions } from '../eso/EsoContext';
import {
  createKubeApiServer,
  type KubeApiServerHandle,
} from '../kube/createKubeApiServer';
import type {
  ClusterAccess,
  ClusterPlan,
  EsoFlavour,
} from '../scenarios/types';
import { Reloader } from '../workloads/Reloader';
import { RolloutController } from '../workloads/RolloutController';
import { changeServedEso } from './esoInstallation';
import {
  applyPluginRbac,
  bindTokenReviewer,
  PLUGIN_SERVICE_ACCOUNT,
} from './pluginAccess';

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export interface FleetClusterOptions {
  clock: SimClock;
  tls: boolean;
  eso: EsoOptions;
  rolloutDurationMs?: number;
  reloadStrategy?: 'env-vars' | 'annotations';
  /** watch events each API server retains (default 50,000) */
  historySize?: number;
}

export class FleetCluster {
  readonly plan: ClusterPlan;
  readonly api: KubeApiServerHandle;
  readonly pluginToken: string;
  readonly #esoContext: EsoContext;
  #eso: EsoController;
  #esoRunning = false;
  #esoFlavour: EsoFlavour;
  readonly rollout: RolloutController;
  readonly reloader: Reloader;
  #started = false;

  private constructor(
    plan: ClusterPlan,
    api: KubeApiServerHandle,
    options: FleetClusterOptions,
  ) {
    this.plan = plan;
    this.api = api;
    this.#esoFlavour = plan.eso;
    bindTokenReviewer(api.store);
    // the plugin's rights are its own deploy/rbac.yaml, decided by the RBAC authorizer
    applyPluginRbac(api.store);
    this.pluginToken = api.issueServiceAccountToken(
      PLUGIN_SERVICE_ACCOUNT.namespace,
      PLUGIN_SERVICE_ACCOUNT.name,
      { expirationSeconds: TEN_YEARS_S },
    );
    this.#esoContext = {
      store: api.store,
      clock: options.clock,
      issueServiceAccountToken: (ns, sa, o) =>
        api.issueServiceAccountToken(ns, sa, {
          audiences: o.audiences,
          expirationSeconds: o.expirationSeconds,
        }),
      options: options.eso,
    };
    this.#eso = new EsoController(this.#esoContext);
    this.rollout = new RolloutController({
      store: api.store,
      clock: options.clock,
      rolloutDurationMs: options.rolloutDurationMs,
    });
    this.reloader = new Reloader({
      store: api.store,
      clock: options.clock,
      strategy: options.reloadStrategy,
    });
  }

  static async start(
    plan: ClusterPlan,
    options: FleetClusterOptions,
  ): Promise<FleetCluster> {
    // The store keeps a table per kind it is created with, so it is created serving every ESO
    // kind and then narrowed: ESO can be installed or upgraded later (`setEso`).
    const api = await createKubeApiServer({
      name: plan.name,
      clock: options.clock,
      tls: options.tls,
      esoVersions: 'v1',
      historySize: options.historySize,
    });
    api.store.catalog.serveEso(plan.eso);
    return new FleetCluster(plan, api, options);
  }

  get name(): string {
    return this.plan.name;
  }

  /** Which ESO API the cluster serves now (the plan's, until `setEso`). */
  get esoFlavour(): EsoFlavour {
    return this.#esoFlavour;
  }

  /**
   * Installs, upgrades or removes ESO at runtime, as a Helm install/upgrade/uninstall would: the
   * served CRDs change (see esoInstallation.ts) and a fresh ESO pod starts with the new CRDs.
   */
  setEso(flavour: EsoFlavour): void {
    if (flavour === this.#esoFlavour) return;
    this.stopEso();
    changeServedEso(this.api, flavour);
    this.#esoFlavour = flavour;
    if (this.#started) this.startEso();
  }

  /** The running ESO (a new instance after `startEso`, like a restarted pod). */
  get eso(): EsoController {
    return this.#eso;
  }

  /** ESO scaled to zero: ExternalSecrets stay as they are and nothing refreshes them. */
  stopEso(): void {
    this.#eso.stop();
    this.#esoRunning = false;
  }

  /** A fresh ESO process: like a restarted pod it lists every object and reconciles it. */
  startEso(): void {
    // without CRDs there is nothing to run (and its informers' lists would fail)
    if (this.#esoRunning || this.#esoFlavour === 'none') return;
    this.#eso = new EsoController(this.#esoContext);
    this.#esoRunning = true;
    this.#eso.start();
  }

  get store() {
    return this.api.store;
  }

  access(): ClusterAccess {
    return {
      ...this.plan,
      url: this.api.url,
      caPem: this.api.caData
        ? Buffer.from(this.api.caData, 'base64').toString('utf8')
        : undefined,
      store: this.api.store,
      issueServiceAccountToken: (ns, sa, o) =>
        this.api.issueServiceAccountToken(ns, sa, {
          audiences: o.audiences,
          expirationSeconds: o.expirationSeconds,
        }),
    };
  }

  /** Starts the in-cluster controllers (after the scenario seeded the store). */
  startControllers(): void {
    if (this.#started) return;
    this.#started = true;
    this.rollout.start();
    this.reloader.start();
    if (this.#esoFlavour === 'none') return;
    this.#esoRunning = true;
    this.#eso.start();
  }

  async stop(): Promise<void> {
    this.#eso.stop();
    this.rollout.stop();
    this.reloader.stop();
    await this.api.stop();
  }
}
