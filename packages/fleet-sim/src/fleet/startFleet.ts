/*
 * startFleet: the whole simulated estate in-process on ephemeral ports: one Vault, N clusters
 * (API server + ESO + rollout controller + Reloader each), a scenario's seed and history, an
 * admin API for faults, and the app-config fragment that points the Backstage backend at it.
 */
import { randomBytes } from 'node:crypto';
import type { EsoOptions } from '../eso/EsoContext';
import { waitForQuiescence } from '../eso/runtime/quiescence';
import { demoScenario } from '../scenarios/demo';
import { scaleScenario } from '../scenarios/scale';
import type { Scenario, ScenarioContext } from '../scenarios/types';
import { startVaultServer, type VaultServerHandle } from '../vault';
import { startAdminServer } from './adminApi';
import {
  appConfigYaml,
  buildAppConfig,
  type FleetAppConfig,
  toBase64Pem,
  writeAppConfig,
} from './appConfig';
import { FleetClock } from './FleetClock';
import { FleetCluster } from './FleetCluster';
import { fleetAdminRoutes } from './fleetAdminRoutes';
import { StoreAuthFaults } from './storeAuthFaults';

export const SCENARIOS: Record<string, Scenario> = {
  demo: demoScenario,
  scale: scaleScenario,
};

export interface FleetOptions {
  scenario: 'demo' | 'scale' | Scenario;
  /** scale scenario: number of clusters (default 50) */
  clusters?: number;
  /** scale scenario: ExternalSecrets per cluster (default 2000) */
  perCluster?: number;
  /** simulated time per real time (default 1) */
  timeScale?: number;
  /** simulated start time (default now) */
  start?: Date;
  /** HTTPS API servers with a per-run CA (default true) */
  tls?: boolean;
  /** HTTPS Vault with a per-run self-signed certificate (default false) */
  vaultTls?: boolean;
  /** simulated duration of each ESO reconcile (default 100 ms) */
  reconcileLatencyMs?: number;
  /** further ESO controller flags */
  eso?: EsoOptions;
  /** simulated duration of a Deployment rollout (default 20 s) */
  rolloutDurationMs?: number;
  /** write the app-config fragment (YAML) here */
  configOut?: string;
  /** play the scenario's history (default true) */
  history?: boolean;
}

export interface FleetHandle {
  readonly clock: FleetClock;
  readonly vault: VaultServerHandle;
  readonly clusters: FleetCluster[];
  readonly admin: { url: string; token: string };
  readonly appConfig: FleetAppConfig;
  readonly appConfigYaml: string;
  cluster(name: string): FleetCluster;
  /** Moves simulated time forward instantly (timers fire in order, I/O settles in between). */
  warp(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startFleet(options: FleetOptions): Promise<FleetHandle> {
  const scenario =
    typeof options.scenario === 'string'
      ? SCENARIOS[options.scenario]
      : options.scenario;
  if (!scenario)
    throw new Error(
      `unknown scenario ${String(options.scenario)}; known: ${Object.keys(
        SCENARIOS,
      ).join(', ')}`,
    );
  const playsHistory = Boolean(scenario.history) && options.history !== false;
  const clock = new FleetClock({
    scale: options.timeScale ?? 1,
    start:
      options.start ??
      (playsHistory && scenario.historyDurationMs
        ? new Date(Date.now() - scenario.historyDurationMs)
        : undefined),
  });
  const warp = (ms: number) => clock.warp(ms, waitForQuiescence);
  const vault = await startVaultServer({ clock, tls: options.vaultTls });
  const clusters: FleetCluster[] = [];
  let admin: Awaited<ReturnType<typeof startAdminServer>> | undefined;
  const stopAll = async () => {
    await admin?.stop();
    await Promise.all(clusters.map(c => c.stop()));
    await vault.stop();
    clock.dispose();
  };

  try {
    const eso: EsoOptions = {
      reconcileLatencyMs: options.reconcileLatencyMs ?? 100,
      ...scenario.eso,
      ...options.eso,
    };
    const plans = scenario.plan({
      clusters: options.clusters,
      perCluster: options.perCluster,
    });
    clusters.push(
      ...(await Promise.all(
        plans.map(plan =>
          FleetCluster.start(plan, {
            clock,
            tls: options.tls ?? true,
            eso,
            rolloutDurationMs: options.rolloutDurationMs,
            historySize: scenario.watchHistorySize,
          }),
        ),
      )),
    );
    const ctx: ScenarioContext = {
      now: () => clock.now(),
      clusters: clusters.map(c => c.access()),
      vault: {
        url: vault.url,
        rootToken: vault.rootToken,
        caPem: vault.caCertPem,
        engine: vault.engine,
      },
    };
    const seeded = await scenario.seed(ctx, {
      clusters: options.clusters,
      perCluster: options.perCluster,
    });
    for (const c of clusters) c.startControllers();
    if (scenario.history && playsHistory) {
      await scenario.history({
        ...ctx,
        warp,
        vaultDown: () => vault.stop(),
        vaultUp: () => vault.start(),
      });
    }

    const storeFaults = new Map(
      clusters.map(c => [
        c.name,
        new StoreAuthFaults(c.store, vaultNamespace => {
          const { token } = vault.engine.createToken({
            namespace: vaultNamespace,
            policies: ['default'],
          });
          vault.engine.revokeToken(token);
          return token;
        }),
      ]),
    );
    const appConfig = buildAppConfig(
      clusters.map(c => ({
        name: c.name,
        url: c.api.url,
        environment: c.plan.environment,
        authProvider: 'serviceAccount' as const,
        serviceAccountToken: c.pluginToken,
        caData: c.api.caData,
      })),
      {
        name: 'vault',
        url: vault.url,
        caData: toBase64Pem(vault.caCertPem),
        auth: {
          type: 'token',
          token: seeded?.pluginVaultToken ?? vault.rootToken,
        },
      },
    );
    const summary = () => ({
      scenario: scenario.name,
      now: clock.nowRfc3339(),
      timeScale: clock.scale,
      vault: { url: vault.url },
      clusters: clusters.map(c => ({
        name: c.name,
        environment: c.plan.environment,
        eso: c.esoFlavour,
        url: c.api.url,
        down: c.api.faults.isDown,
      })),
    });
    admin = await startAdminServer(
      fleetAdminRoutes({
        clusters,
        vault,
        storeFaults,
        now: () => String(Math.floor(clock.now() / 1000)),
        summary,
      }),
      randomBytes(24).toString('base64url'),
    );
    if (options.configOut) await writeAppConfig(options.configOut, appConfig);

    const adminInfo = { url: admin.url, token: admin.token };
    return {
      clock,
      vault,
      clusters,
      admin: adminInfo,
      appConfig,
      appConfigYaml: appConfigYaml(appConfig),
      cluster(name) {
        const found = clusters.find(c => c.name === name);
        if (!found) throw new Error(`no cluster ${name}`);
        return found;
      },
      warp,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
