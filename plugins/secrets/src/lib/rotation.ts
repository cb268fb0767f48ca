import type {
  PlanWorkload,
  RotationClusterProgress,
  RotationState,
  RotationSummary,
  RotationTargetState,
} from '@secrets-plugin/plugin-secrets-common';
import { formatDuration } from './time';

/** Words for a rotation's state, as the history and the dialog show it. */
export const rotationStateLabels: Record<RotationState, string> = {
  'awaiting-approval': 'Awaiting approval',
  planned: 'Planned',
  writing: 'Writing to Vault',
  syncing: 'Syncing',
  verifying: 'Verifying',
  restarting: 'Restarting workloads',
  succeeded: 'Succeeded',
  'partially-failed': 'Partially failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
  expired: 'Expired',
  interrupted: 'Interrupted',
};

export const targetStateLabels: Record<RotationTargetState, string> = {
  pending: 'Pending',
  syncing: 'Syncing',
  verifying: 'Verifying',
  restarting: 'Restarting',
  landed: 'Landed',
  failed: 'Failed',
  'timed-out': 'Timed out',
};

/** Who restarts a workload once its Secret changes. */
export function restartLabel(restartedBy: PlanWorkload['restartedBy']): string {
  switch (restartedBy) {
    case 'Reloader':
      return 'Reloader restarts it';
    case 'VSO':
      return 'VSO restarts it';
    case 'us':
      return 'the rotation restarts it';
    default:
      return 'nothing restarts it';
  }
}

/** From start to finish (or to now, while it runs), in "42s" / "3m" words. */
export function rotationDuration(
  item: Pick<RotationSummary, 'createdAt' | 'finishedAt'>,
  now: number = Date.now(),
): string {
  const end = item.finishedAt ? Date.parse(item.finishedAt) : now;
  return formatDuration(Math.max(0, (end - Date.parse(item.createdAt)) / 1000));
}

/** Propagation is often sub-second: "0.4s" rather than a misleading "0s". */
function preciseDuration(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(1)}s` : formatDuration(seconds);
}

/** How long one cluster took, or has taken so far. */
export function clusterDuration(
  c: RotationClusterProgress,
  now: number = Date.now(),
): string {
  if (c.propagationSeconds !== undefined)
    return preciseDuration(c.propagationSeconds);
  const end = c.finishedAt ? Date.parse(c.finishedAt) : now;
  return preciseDuration(Math.max(0, (end - Date.parse(c.startedAt)) / 1000));
}

export function isFailedTarget(state: RotationTargetState): boolean {
  return state === 'failed' || state === 'timed-out';
}
