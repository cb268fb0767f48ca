import type {
  ClusterError,
  ClusterSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { formatDuration } from './time';

const problem: Record<ClusterError['errorType'], string> = {
  UNREACHABLE: 'cluster unreachable',
  TLS: 'cluster certificate not trusted',
  UNAUTHORIZED: 'cluster credentials rejected',
  FORBIDDEN: 'cluster access denied',
  ESO_NOT_INSTALLED: 'ESO not installed',
  NOT_YET_SYNCED: 'cluster not read yet',
  UNKNOWN: 'cluster could not be read',
};

function age(staleSeconds: number | undefined): string {
  return staleSeconds === undefined
    ? ''
    : ` — data ${formatDuration(staleSeconds)} old`;
}

/**
 * Per cluster whose rows are not live, the note those rows carry ("cluster unreachable — data 4m
 * old"), so a row from a cached snapshot never looks current. Clusters that are fine are absent.
 */
export function clusterNotes(
  errors: ClusterError[],
  clusters: ClusterSummary[],
): Map<string, string> {
  const notes = new Map<string, string>();
  for (const e of errors) {
    if (e.errorType === 'ESO_NOT_INSTALLED') continue;
    const staleSeconds =
      e.staleSeconds ?? clusters.find(c => c.name === e.cluster)?.staleSeconds;
    notes.set(e.cluster, `${problem[e.errorType]}${age(staleSeconds)}`);
  }
  for (const c of clusters) {
    if (notes.has(c.name) || c.state === 'connected') continue;
    notes.set(c.name, `cluster ${c.state}${age(c.staleSeconds)}`);
  }
  return notes;
}
