import type {
  ForceSyncBlocker,
  SecretSyncStatus,
  StoreHealth,
  TakesEffect,
  TakesEffectReason,
} from '@secrets-plugin/plugin-secrets-common';
import type {
  ExternalSecretProjection,
  StoreProjection,
  WarningEventProjection,
} from '../cluster/projections';
import { nextBackoffRetry } from './backoff';
import { bumpHelps } from './forceSyncBlockers';
import { parseGoDuration } from './goDuration';

export interface TakesEffectInput {
  es: ExternalSecretProjection;
  /** The row's status before time is taken into account (never Stale). */
  status: SecretSyncStatus;
  /** The ExternalSecret's latest Warning Event. */
  warning?: WarningEventProjection;
  store?: StoreProjection;
  storeHealth: StoreHealth;
  /** The store's latest Warning Event, for its backoff. */
  storeWarning?: WarningEventProjection;
  /** From `forceSyncBlockers(es, 'new-version')`. */
  blockers: readonly ForceSyncBlocker[];
}

/**
 * The one decision of when a change in Vault reaches the target Secret without anyone acting,
 * as of no particular time: a promised instant that passes is applied per request by
 * `takesEffectAsOf`, so rows can be cached until their objects change.
 */
export function takesEffect(input: TakesEffectInput): TakesEffect {
  const { es, status, blockers } = input;
  const helps = bumpHelps(blockers);
  // a bump refetches the pinned version, which is not what "a change in Vault" asks for
  if (es.vaultRefs.some(r => r.version)) return shared('pinned-version', false);
  const synced = Boolean(es.refreshTime);
  if (status === 'StoreNotReady' || status === 'Error') {
    if (input.storeHealth.ready !== true) {
      // flood gate: the ExternalSecret fails fast until its store validates, then waits for its
      // own backoff (ESO does not wake it); the store's next validation is the earliest instant
      const storeRetry = nextBackoffRetry(
        input.storeWarning,
        input.store?.ready,
      );
      return withAt('waits-for-store', storeRetry, helps);
    }
    return withAt(
      'retry-backoff',
      nextBackoffRetry(input.warning, es.ready),
      helps,
    );
  }
  if (status === 'Pending') {
    if (input.warning)
      return withAt(
        'retry-backoff',
        nextBackoffRetry(input.warning, es.ready),
        helps,
      );
    return shared('not-reconciled', helps);
  }
  if (!synced) return shared('not-reconciled', helps);
  if (es.refreshPolicy === 'CreatedOnce') return shared('created-once', false);
  if (es.refreshPolicy === 'OnChange') return shared('on-change', helps);
  const intervalMs = parseGoDuration(es.refreshInterval);
  if (intervalMs === 0) return shared('refresh-disabled', false);
  const refreshMs = Date.parse(es.refreshTime!);
  return withAt(
    'next-refresh',
    intervalMs === undefined || isNaN(refreshMs)
      ? undefined
      : refreshMs + intervalMs,
    helps,
  );
}

/**
 * How long after a promised instant (a refresh, a backoff retry, a store's revalidation) the
 * row says `overdue`: ESO needs a moment to run it and the watch to bring the result.
 */
export const OVERDUE_GRACE_MS = 30_000;

/** The instant after which `te` is overdue (Infinity when time alone never changes it). */
export function overdueAfter(te: TakesEffect): number {
  if (!te.at || te.reason === 'overdue') return Infinity;
  return Date.parse(te.at) + OVERDUE_GRACE_MS;
}

/** `te` as of `now`: a promise whose time has passed (plus grace) without ESO acting is overdue. */
export function takesEffectAsOf(te: TakesEffect, now: number): TakesEffect {
  return now > overdueAfter(te)
    ? { reason: 'overdue', at: te.at, forceSyncHelps: te.forceSyncHelps }
    : te;
}

const timeless = new Map<string, TakesEffect>();

/** Rows without an instant share one object per verdict (derived rows are cached per ExternalSecret). */
function shared(
  reason: TakesEffectReason,
  forceSyncHelps: boolean,
): TakesEffect {
  const key = `${reason}:${forceSyncHelps}`;
  let te = timeless.get(key);
  if (!te) timeless.set(key, (te = Object.freeze({ reason, forceSyncHelps })));
  return te;
}

const dated = new Map<string, TakesEffect>();
/** Bounds the table; dropping it only costs sharing. */
const MAX_DATED = 50_000;

/**
 * Rows with an instant share one object per verdict and instant: ESO syncs ExternalSecrets of
 * the same interval in bursts (timestamps have second resolution), so many promise the same one.
 */
function withAt(
  reason: TakesEffectReason,
  at: number | undefined,
  forceSyncHelps: boolean,
): TakesEffect {
  if (at === undefined || isNaN(at)) return shared(reason, forceSyncHelps);
  const key = `${reason}:${forceSyncHelps}:${at}`;
  let te = dated.get(key);
  if (!te) {
    if (dated.size >= MAX_DATED) dated.clear();
    te = Object.freeze({
      reason,
      at: new Date(at).toISOString(),
      forceSyncHelps,
    });
    dated.set(key, te);
  }
  return te;
}
