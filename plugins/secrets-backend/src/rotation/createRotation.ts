import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { RotationState } from '@secrets-plugin/plugin-secrets-common';
import type {
  RotationPolicyRule,
  Rotator,
} from '@secrets-plugin/plugin-secrets-node';
import { randomUUID } from 'node:crypto';
import type { ClusterCache } from '../cluster/ClusterCache';
import type { RotationConfig } from '../config/readRotationConfig';
import type { VaultServerConfig } from '../config/types';
import { DatabaseRotationStore } from '../database/DatabaseRotationStore';
import {
  meteredRotationEvents,
  type RotationMetrics,
} from '../metrics/rotationMetrics';
import type { SecretsService } from '../service/types';
import type { VaultKv, VaultSecretRef } from '../vault';
import { ClusterRotationOps } from './adapters/ClusterRotationOps';
import { VaultRotationOps } from './adapters/VaultRotationOps';
import { AuthorizedRotationService } from './AuthorizedRotationService';
import { DefaultRotationService } from './DefaultRotationService';
import type { RotationEventSink } from './engine/ports';
import { withRotationSubscribers } from './events';
import { RotationRunner } from './engine/RotationRunner';
import { DefaultRotationPlanner } from './plan/DefaultRotationPlanner';
import { DefaultRotationPolicy } from './policy/DefaultRotationPolicy';
import { builtinRotationRules } from './policy/rules';
import { RandomRotator } from './rotators/RandomRotator';
import { VaultPasswordPolicyRotator } from './rotators/VaultPasswordPolicyRotator';
import type { RotationService } from './types';
import { createApproval } from './approval/createApproval';
import type { ApprovalApi } from './approval/AuthorizedApprovalService';
import type { ApprovalServiceDeps } from './approval/ApprovalService';
import { ScheduledRotations } from './schedule/ScheduledRotations';
import { ExternalChanges } from './history/ExternalChanges';
import type { KvMetadataCache } from '../vault/KvMetadataCache';

export interface RotationWing {
  rotations: RotationService;
  runner: RotationRunner;
  /** Four-eyes: the approve/deny API, and the settling the resume task runs. */
  approvals: ApprovalApi;
  settleApprovals: () => Promise<void>;
  /** Scheduled rotation: starts the due ones (the scheduler's global task). */
  schedules: ScheduledRotations;
}

/**
 * Builds the rotation wing from the plugin's services, so plugin.ts stays wiring: the store (and
 * its migrations), Vault and cluster adapters, rotators (built-in and from modules), the policy
 * (built-in rules, then modules' rules), the planner, the runner and the two service layers.
 */
export async function createRotation(deps: {
  config: RotationConfig;
  vaultServers: VaultServerConfig[];
  kv: VaultKv;
  /** Vault metadata for the external changes in histories; absent: histories list rotations only. */
  keyMetadata?: Pick<KvMetadataCache, 'lookup'>;
  /** The canary's key: the plugin writes it outside rotations. */
  canaryKey?: VaultSecretRef;
  cache: ClusterCache;
  secrets: Pick<SecretsService, 'getEntitySecrets'>;
  catalog: CatalogService;
  database: DatabaseService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  logger: LoggerService;
  extraRules: RotationPolicyRule[];
  extraRotators: Rotator[];
  /** Where the approvers of a rotation that starts waiting get notified. */
  onAwaitingApproval?: ApprovalServiceDeps['onAwaitingApproval'];
  /** Live progress and owners' notifications; skipped when absent (unit tests). */
  auth?: AuthService;
  signals?: SignalsService;
  notifications?: NotificationService;
  metrics?: RotationMetrics;
}): Promise<RotationWing> {
  const { config, logger } = deps;
  const store = await DatabaseRotationStore.create({ database: deps.database });
  const vault = new VaultRotationOps(deps.kv, deps.vaultServers, { logger });
  const rotators = new Map<string, Rotator>();
  for (const r of [
    new RandomRotator(),
    new VaultPasswordPolicyRotator(vault),
    ...deps.extraRotators,
  ]) {
    if (rotators.has(r.id))
      throw new Error(`Two rotators have the id '${r.id}'`);
    rotators.set(r.id, r);
  }
  const policy = new DefaultRotationPolicy([
    ...builtinRotationRules(config.policy),
    ...deps.extraRules,
  ]);

  // state changes are audited as they happen: ids and states only, never a value
  const audited: RotationEventSink = {
    async stateChanged(rotationId: string, state: RotationState) {
      logger.info(`rotation ${rotationId}: ${state}`);
      const event = await deps.auditor.createEvent({
        eventId: 'secret-rotation-state',
        severityLevel:
          state === 'failed' || state === 'interrupted' ? 'high' : 'medium',
        meta: { rotationId, state },
      });
      await event.success();
    },
    async clusterChanged(rotationId: string, cluster: string, state: string) {
      logger.info(`rotation ${rotationId}: ${cluster} ${state}`);
    },
  };
  const events = deps.auth
    ? withRotationSubscribers(audited, { ...deps, auth: deps.auth, store })
    : audited;

  const runner = new RotationRunner({
    store,
    vault,
    clusters: new ClusterRotationOps(deps.cache, {
      verifyTimeoutMs: config.verifyTimeoutMs,
      restartTimeoutMs: config.restartTimeoutMs,
    }),
    rotators,
    events: deps.metrics
      ? meteredRotationEvents(events, deps.metrics, async (id, cluster) => {
          const ms = (await store.get(id))?.targets.find(
            t => t.cluster === cluster,
          )?.detail.propagationMs;
          return typeof ms === 'number' ? ms : undefined;
        })
      : events,
    logger,
    owner: `secrets-${randomUUID()}`,
  });

  const planner = new DefaultRotationPlanner({
    secrets: deps.secrets,
    catalog: deps.catalog,
    clusters: () =>
      deps.cache.clusters().map(w => {
        const status = w.status();
        return {
          name: w.config.name,
          environment: w.config.environment,
          reachable: status.synced && status.state === 'connected',
          data: w.data,
        };
      }),
    vault,
    kube: {
      async canI(cluster, checks) {
        const writer = deps.cache.writer(cluster);
        if (!writer)
          return checks.map(() => ({
            allowed: false,
            reason: 'unknown cluster',
          }));
        return writer.canI(checks);
      },
    },
    rotators,
    defaultRotator: config.defaultRotator,
  });

  const { approval, approvals } = await createApproval({
    ...deps,
    config: config.approval,
    planner,
    policy,
    store,
    runner,
  });
  const rotations = new AuthorizedRotationService(
    new DefaultRotationService({
      planner,
      policy,
      store,
      runner,
      userInfo: deps.userInfo,
      approval,
      externalChanges:
        deps.keyMetadata &&
        new ExternalChanges({
          secrets: deps.secrets,
          metadata: deps.keyMetadata,
          store,
          pluginKeys: deps.canaryKey ? [deps.canaryKey] : [],
        }),
    }),
    deps.permissions,
    store,
    deps.catalog,
  );
  return {
    rotations,
    runner,
    approvals,
    settleApprovals: () => approval.settleAll(),
    schedules: new ScheduledRotations({
      ...deps,
      schedules: config.schedules,
      intervalMs: config.scheduleIntervalMs,
      externalSecret: (cluster, namespace, name) =>
        deps.cache
          .clusters()
          .find(w => w.config.name === cluster)
          ?.data.externalSecrets.get(`${namespace}/${name}`),
      auth: {
        getOwnServiceCredentials: () => {
          if (!deps.auth) throw new Error('no service credentials');
          return deps.auth.getOwnServiceCredentials();
        },
      },
      planner,
      policy,
      store,
      approval,
      runner,
    }),
  };
}
