/*
 * Whether a workload's rollout is done, as `kubectl rollout status` decides it per kind
 * (kubectl polymorphichelpers/rollout_status.go). Computed when the object is projected, so the
 * cache keeps one boolean instead of revisions and conditions.
 */
import type { WorkloadKind } from '@secrets-plugin/plugin-secrets-common';

const int = (n: unknown): number => (typeof n === 'number' ? n : 0);

/** The controller has seen the latest spec (kubectl: generation <= observedGeneration). */
function observed(raw: any): boolean {
  const observedGeneration = raw.status?.observedGeneration;
  return (
    typeof observedGeneration === 'number' &&
    int(raw.metadata?.generation) <= observedGeneration
  );
}

function deploymentComplete(raw: any): boolean {
  if (!observed(raw)) return false;
  const status = raw.status ?? {};
  const progressing = (status.conditions ?? []).find(
    (c: any) => c.type === 'Progressing',
  );
  // kubectl fails here: the rollout will not finish on its own
  if (progressing?.reason === 'ProgressDeadlineExceeded') return false;
  const updated = int(status.updatedReplicas);
  const desired = raw.spec?.replicas;
  if (typeof desired === 'number' && updated < desired) return false;
  // old pods still terminating
  if (int(status.replicas) > updated) return false;
  return int(status.availableReplicas) >= updated;
}

function statefulSetComplete(raw: any): boolean {
  const strategy = raw.spec?.updateStrategy;
  // OnDelete: kubectl reports nothing to wait for, pods change only when deleted
  if (strategy?.type && strategy.type !== 'RollingUpdate') return true;
  const status = raw.status ?? {};
  if (!status.observedGeneration || !observed(raw)) return false;
  const desired = raw.spec?.replicas;
  if (typeof desired === 'number' && int(status.readyReplicas) < desired)
    return false;
  const partition = strategy?.rollingUpdate?.partition;
  if (typeof partition === 'number' && typeof desired === 'number')
    return int(status.updatedReplicas) >= desired - partition;
  return status.updateRevision === status.currentRevision;
}

function daemonSetComplete(raw: any): boolean {
  const strategy = raw.spec?.updateStrategy;
  if (strategy?.type && strategy.type !== 'RollingUpdate') return true;
  if (!observed(raw)) return false;
  const status = raw.status ?? {};
  const desired = int(status.desiredNumberScheduled);
  return (
    int(status.updatedNumberScheduled) >= desired &&
    int(status.numberAvailable) >= desired
  );
}

export function rolloutComplete(kind: WorkloadKind, raw: any): boolean {
  switch (kind) {
    case 'StatefulSet':
      return statefulSetComplete(raw);
    case 'DaemonSet':
      return daemonSetComplete(raw);
    default:
      return deploymentComplete(raw);
  }
}
