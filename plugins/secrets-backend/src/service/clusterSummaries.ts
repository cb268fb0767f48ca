import type {
  ClusterError,
  ClusterSummary,
} from '@internal/plugin-secrets-common';
import type { ClusterWatch } from '../cluster/ClusterWatch';
import {
  CREDENTIALS_UNAVAILABLE,
  type KubeApiError,
} from '../cluster/KubeHttp';

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
  if (s.esoApiVersion === 'none' && s.state === 'connected') {
    return {
      cluster: summary.name,
      errorType: 'ESO_NOT_INSTALLED',
      message: 'External Secrets Operator is not installed',
    };
  }
  if (s.state === 'connected') return undefined;
  return {
    cluster: summary.name,
    errorType: errorTypeOf(s.lastError),
    message:
      s.lastError?.message ?? 'the cache has not synced this cluster yet',
    staleSeconds: summary.staleSeconds,
  };
}

function errorTypeOf(
  error: KubeApiError | undefined,
): ClusterError['errorType'] {
  if (!error) return 'NOT_YET_SYNCED';
  if (error.network === 'tls') return 'TLS';
  if (error.status === 401 || error.reason === CREDENTIALS_UNAVAILABLE)
    return 'UNAUTHORIZED';
  if (error.status === 403) return 'FORBIDDEN';
  if (error.status === undefined || error.status >= 500) return 'UNREACHABLE';
  return 'UNKNOWN';
}
