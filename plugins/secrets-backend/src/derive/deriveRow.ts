import type {
  ConsumerWorkload,
  ExternalSecretRow,
  RestartedBy,
  SecretSyncStatus,
  StoreHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { esStoreKey, type ClusterData } from '../cluster/ClusterData';
import {
  objectKey,
  type ExternalSecretProjection,
  type WorkloadProjection,
} from '../cluster/projections';
import { causeInfo } from './causeInfo';
import { forceSyncBlockers } from './forceSyncBlockers';
import { parseGoDuration } from './goDuration';
import { pushersOf } from './pushers';
import { takesEffect, takesEffectAsOf } from './takesEffect';
import { forceSyncPart, listPart, storePart } from './sharedRowParts';

export interface DeriveContext {
  cluster: string;
  data: ClusterData;
  now: number;
  staleMarginMs: number;
}

const FLOOD_GATE = /is not ready/;

/** Everything the UI shows about one ExternalSecret, derived from the cache alone. */
export function deriveRow(
  ctx: DeriveContext,
  es: ExternalSecretProjection,
): ExternalSecretRow {
  const row = withStaleness(
    deriveTimelessRow(ctx, es),
    es,
    ctx.now,
    ctx.staleMarginMs,
  );
  const te = takesEffectAsOf(row.takesEffect, ctx.now);
  return te === row.takesEffect ? row : { ...row, takesEffect: te };
}

/**
 * The row as if no time had passed: everything but the Stale status and an overdue
 * `takesEffect` depends only on cached objects, so callers may keep it until one of them changes
 * and apply `withStaleness` and `takesEffectAsOf` per request.
 */
export function deriveTimelessRow(
  ctx: Pick<DeriveContext, 'cluster' | 'data'>,
  es: ExternalSecretProjection,
): ExternalSecretRow {
  const { data } = ctx;
  const store = data.store(esStoreKey(es));
  const storeRef = storePart(ctx.cluster, data, es, store);
  const health = storeRef.health;
  const warning = data.warnings.latest(
    objectKey('ExternalSecret', es.namespace, es.name),
  );
  const { status, cause } = deriveStatus(es, health, warning?.message);
  const secret = data.secrets.get(`${es.namespace}/${es.targetName}`);
  const blockers = forceSyncBlockers(es, 'new-version');

  return {
    cluster: ctx.cluster,
    namespace: es.namespace,
    name: es.name,
    status,
    cause,
    causeInfo:
      cause === undefined
        ? undefined
        : causeInfo(
            cause === warning?.message ? warning : undefined,
            es.ready,
            // a failure from before the store last turned Ready is from before ESO could fetch
            [es.refreshTime, health.ready === true ? health.since : undefined],
          ),
    // the projection has the wire's shape: shared, not copied
    condition: es.ready,
    store: storeRef,
    refreshPolicy: es.refreshPolicy,
    refreshInterval: es.refreshInterval,
    lastSyncAt: es.refreshTime,
    takesEffect: takesEffect({
      es,
      status,
      warning,
      store,
      storeHealth: health,
      storeWarning:
        store &&
        data.warnings.latest(
          objectKey(store.kind, store.namespace, store.name),
        ),
      blockers,
    }),
    forceSync: forceSyncPart(blockers, es.ownerClusterExternalSecret),
    target: {
      name: es.targetName,
      exists: Boolean(secret),
      dataHash: secret?.dataHash,
      vaultVersion: secret?.vaultVersion,
    },
    consumers: listPart(
      data
        .consumersOf(es.namespace, es.targetName)
        .map(w => consumer(w, es.targetName)),
    ),
    pushedBy: listPart(
      pushersOf(data, es).map(p => ({ namespace: p.namespace, name: p.name })),
    ),
    ownerClusterExternalSecret: es.ownerClusterExternalSecret,
    // a slot for entity responses to fill in, so the cached row keeps its shape
    vault: undefined,
  };
}

/**
 * The instant after which a Synced Periodic row counts as Stale (Infinity when time alone never
 * changes it), so callers can keep an answer exactly until then.
 */
export function staleAfter(
  row: ExternalSecretRow,
  es: ExternalSecretProjection,
  staleMarginMs: number,
): number {
  if (row.status !== 'Synced' || es.refreshPolicy !== 'Periodic')
    return Infinity;
  const intervalMs = parseGoDuration(es.refreshInterval);
  const refreshMs = es.refreshTime ? Date.parse(es.refreshTime) : NaN;
  if (!intervalMs || isNaN(refreshMs)) return Infinity;
  return refreshMs + intervalMs + staleMarginMs;
}

/** A Synced row whose Periodic refresh is overdue by more than the margin is Stale instead. */
export function withStaleness<R extends ExternalSecretRow>(
  row: R,
  es: ExternalSecretProjection,
  now: number,
  staleMarginMs: number,
): R {
  return now > staleAfter(row, es, staleMarginMs) ? staleRow(row, es) : row;
}

/** `row` turned Stale: same keys, same order, only status and cause change. */
export function staleRow<R extends ExternalSecretRow>(
  row: R,
  es: ExternalSecretProjection,
): R {
  return {
    ...row,
    status: 'Stale',
    cause: `last synced at ${es.refreshTime}, expected every ${es.refreshInterval}`,
  };
}

/** The status before time is taken into account: Synced here may still turn Stale. */
function deriveStatus(
  es: ExternalSecretProjection,
  health: StoreHealth,
  warning: string | undefined,
): { status: SecretSyncStatus; cause?: string } {
  const ready = es.ready;
  const failing = (message?: string) => {
    const cause = warning ?? message;
    const storeDown = health.ready !== true || FLOOD_GATE.test(cause ?? '');
    return { status: storeDown ? 'StoreNotReady' : 'Error', cause } as const;
  };
  if (!ready || ready.status === 'Unknown') {
    return warning ? failing() : { status: 'Pending' };
  }
  if (ready.status === 'False') return failing(ready.message);
  if (ready.reason === 'SecretMissing')
    return { status: 'Missing', cause: ready.message };
  return { status: 'Synced' };
}

function consumer(w: WorkloadProjection, secretName: string): ConsumerWorkload {
  return {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    restartedBy: restartedBy(w.annotations, secretName),
    rollout: {
      generation: w.generation,
      observedGeneration: w.observedGeneration,
      replicas: w.replicas,
      updatedReplicas: w.updatedReplicas,
      availableReplicas: w.availableReplicas,
      complete: w.rolloutComplete,
    },
  };
}

/** Reloader's annotations (auto, or an explicit list naming this Secret), or VSO's rollout restart. */
export function restartedBy(
  annotations: Record<string, string>,
  secretName: string,
): RestartedBy {
  const a = annotations;
  if (
    a['reloader.stakater.com/auto'] === 'true' ||
    a['secret.reloader.stakater.com/auto'] === 'true'
  )
    return 'Reloader';
  const listed = (a['secret.reloader.stakater.com/reload'] ?? '')
    .split(',')
    .map(s => s.trim());
  if (listed.includes(secretName)) return 'Reloader';
  if (
    Object.keys(a).some(
      k =>
        k.startsWith('secrets.hashicorp.com/') && k.includes('rollout-restart'),
    )
  )
    return 'VSO';
  return 'nobody';
}
