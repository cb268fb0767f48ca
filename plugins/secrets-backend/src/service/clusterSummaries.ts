import type {
  ClusterError,
  ClusterSummary,
} from '@internal/plugin-secrets-common';
import type { ClusterWatch } from '../cluster/ClusterWatch';

/** A cluster as the API reports it; stale age when its data is not current. */
export function clusterSummary(
  watch: ClusterWatch,
  now: number,
): ClusterSummary {
  const s = watch.status();
  const c = watch.config;
  return {
    name: c.name,
    title: c.title,
    environment: c.environment,
    dashboardUrl: c.dashboardUrl,
    state: s.state,
    esoApiVersion: s.esoApiVersion,
    lastSyncAt:
      s.lastSyncAt !== undefined
        ? new Date(s.lastSyncAt).toISOString()
        : undefined,
    lastError: s.lastError?.message,
    staleSeconds:
      s.state !== 'connected' && s.lastSyncAt !== undefined
        ? Math.max(0, Math.round((now - s.lastSyncAt) / 1000))
        : undefined,
  };
}

/** Errors-as-data for a cluster whose view is not complete and current, if any. */
export function clusterError(
  watch: ClusterWatch,
  now: number,
): ClusterError | undefined {
  const s = watch.status();
  const summary = clusterSummary(watch, now);
  if (s.esoApiVersion === 'none') {
    return {
      cluster: summary.name,
      errorType: 'ESO_NOT_INSTALLED',
      message: 'External Secrets Operator is not installed',
    };
  }
  if (s.state === 'connected') return undefined;
  const status = s.lastError?.status;
  let errorType: ClusterError['errorType'] = 'UNKNOWN';
  if (!s.lastError) errorType = 'NOT_YET_SYNCED';
  else if (status === 401) errorType = 'UNAUTHORIZED';
  else if (status === 403) errorType = 'FORBIDDEN';
  else if (status === undefined || status >= 500) errorType = 'UNREACHABLE';
  return {
    cluster: summary.name,
    errorType,
    message:
      s.lastError?.message ?? 'the cache has not synced this cluster yet',
    staleSeconds: summary.staleSeconds,
  };
}
