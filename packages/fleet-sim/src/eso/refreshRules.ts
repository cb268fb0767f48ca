/*
 * When ESO refreshes, skips or requeues, ported line by line from ESO v2.9.0
 * pkg/controllers/externalsecret/externalsecret_controller.go (shouldRefresh l.1226,
 * shouldRefreshPeriodic l.1249, isSecretValid l.1282, getRequeueResult l.727,
 * shouldEnqueueExternalSecretUpdate l.1426) and pkg/controllers/pushsecret (shouldRefresh).
 * syncWindows are not simulated: every periodic refresh is allowed.
 */
import type { KubeObject } from '../kube/types';
import {
  ANNOTATION_DATA_HASH,
  DEFAULT_REFRESH_INTERVAL,
  LABEL_MANAGED,
  LABEL_MANAGED_VALUE,
} from './constants';
import { parseGoDuration } from './go/goDuration';
import { resourceVersionOf, secretDataHash } from './hashes';
import type { ExternalSecret } from './types';

export function refreshIntervalMs(es: {
  spec?: { refreshInterval?: string };
}): number {
  return parseGoDuration(es.spec?.refreshInterval ?? DEFAULT_REFRESH_INTERVAL);
}

function refreshTimeMs(es: ExternalSecret): number | undefined {
  const t = es.status?.refreshTime;
  return t ? Date.parse(t) : undefined;
}

function neverSynced(es: ExternalSecret): boolean {
  return !es.status?.syncedResourceVersion || refreshTimeMs(es) === undefined;
}

export function shouldRefresh(es: ExternalSecret, nowMs: number): boolean {
  switch (es.spec.refreshPolicy) {
    case 'CreatedOnce':
      return neverSynced(es);
    case 'OnChange':
      if (neverSynced(es)) return true;
      return (
        es.status?.syncedResourceVersion !== resourceVersionOf(es.metadata)
      );
    default:
      return shouldRefreshPeriodic(es, nowMs);
  }
}

function shouldRefreshPeriodic(es: ExternalSecret, nowMs: number): boolean {
  const interval = refreshIntervalMs(es);
  const synced = es.status?.syncedResourceVersion ?? '';
  // refreshInterval 0 and synced once: never again, not even after a metadata change
  if (interval <= 0 && synced !== '') return false;
  if (synced !== resourceVersionOf(es.metadata)) return true;
  const refreshed = refreshTimeMs(es);
  if (refreshed === undefined) return true;
  if (refreshed > nowMs) return true;
  // Go: !RefreshTime.Add(interval).Before(now) → not yet due
  return refreshed + interval < nowMs;
}

/** The target Secret exists, carries the managed label and its data still matches the data-hash. */
export function isSecretValid(
  secret: KubeObject | undefined,
  es: ExternalSecret,
): boolean {
  if (es.spec.target?.creationPolicy === 'Orphan') return true;
  if (!secret) return false;
  if (secret.metadata.labels?.[LABEL_MANAGED] !== LABEL_MANAGED_VALUE)
    return false;
  const data = secret.data as Record<string, string> | undefined;
  return (
    secret.metadata.annotations?.[ANNOTATION_DATA_HASH] === secretDataHash(data)
  );
}

/** Delay before the next reconcile after a successful (or skipped) one; undefined = do not requeue. */
export function requeueAfterMs(
  es: ExternalSecret,
  nowMs: number,
): number | undefined {
  const interval = refreshIntervalMs(es);
  if (interval <= 0) return undefined;
  const refreshed = refreshTimeMs(es);
  if (refreshed === undefined) return interval;
  const since = nowMs - refreshed;
  if (since < 0) return 0;
  if (since < interval) return interval - since;
  return 0;
}

function sameMap(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every(k => a![k] === b?.[k]);
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  const la = a ?? [];
  const lb = b ?? [];
  return la.length === lb.length && la.every((v, i) => v === lb[i]);
}

/** Predicate on ExternalSecret updates: metadata/spec changes enqueue, status-only updates do not. */
export function shouldEnqueueExternalSecretUpdate(
  oldObj: KubeObject,
  newObj: KubeObject,
): boolean {
  const o = oldObj.metadata;
  const n = newObj.metadata;
  if ((o.generation ?? 0) !== (n.generation ?? 0)) return true;
  if (!sameMap(o.labels, n.labels)) return true;
  if (!sameMap(o.annotations, n.annotations)) return true;
  if (!sameList(o.finalizers, n.finalizers)) return true;
  return (o.deletionTimestamp ?? '') !== (n.deletionTimestamp ?? '');
}

/** PushSecret's own rule: a changed syncedResourceVersion wins even over refreshInterval 0. */
export function pushSecretShouldRefresh(
  ps: ExternalSecret,
  nowMs: number,
): boolean {
  const synced = ps.status?.syncedResourceVersion ?? '';
  if (synced !== resourceVersionOf(ps.metadata)) return true;
  const interval = refreshIntervalMs(ps);
  if (interval === 0 && synced !== '') return false;
  const refreshed = refreshTimeMs(ps);
  if (refreshed === undefined) return true;
  return refreshed + interval < nowMs;
}
