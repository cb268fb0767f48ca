import type {
  ClusterError,
  ClusterSummary,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterStatus, ClusterWatch } from '../cluster/ClusterWatch';
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
    lastSyncAt: s.lastSyncAt !== undefined ? isoTime(s.lastSyncAt) : undefined,
    lastError: s.lastError?.message,
    staleSeconds: staleSeconds(s, now),
  };
}

function staleSeconds(s: ClusterStatus, now: number): number | undefined {
  return s.state !== 'connected' && s.lastSyncAt !== undefined
    ? Math.max(0, Math.round((now - s.lastSyncAt) / 1000))
    : undefined;
}

let lastFormatted = { ms: NaN, iso: '' };

/** Every connected cluster reports the same instant (now) in a response: format it once. */
function isoTime(ms: number): string {
  if (lastFormatted.ms !== ms)
    lastFormatted = { ms, iso: new Date(ms).toISOString() };
  return lastFormatted.iso;
}

/** Errors-as-data for a cluster whose view is not complete and current, if any. */
export function clusterError(
  watch: ClusterWatch,
  now: number,
): ClusterError | undefined {
  const s = watch.status();
  const cluster = watch.config.name;
  if (s.esoApiVersion === 'none' && s.state === 'connected') {
    return {
      cluster,
      errorType: 'ESO_NOT_INSTALLED',
      message: 'External Secrets Operator is not installed',
    };
  }
  if (s.state === 'connected') return undefined;
  return {
    cluster,
    errorType: errorTypeOf(s.lastError),
    message:
      s.lastError?.message ?? 'the cache has not synced this cluster yet',
    staleSeconds: staleSeconds(s, now),
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
