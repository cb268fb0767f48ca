/*
 * StatefulSet status as the StatefulSet controller reports it (pkg/controller/statefulset,
 * stateful_set_control.go) for the default RollingUpdate strategy with OrderedReady pods: a new
 * StatefulSet creates pods 0..n-1 one at a time, each Ready before the next; a new revision
 * replaces pods from the highest ordinal down, one at a time. Revisions are ControllerRevision
 * names `<name>-<hash>`; currentRevision moves to updateRevision once every pod is updated and
 * Ready (completeRollingUpdate). No Pod or ControllerRevision objects are created.
 */
import type { KubeObject } from '../kube/types';
import { desiredReplicas, podTemplateHash } from './rolloutStatus';

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
}

export function statefulSetRevision(sts: KubeObject): string {
  return `${sts.metadata.name}-${podTemplateHash(sts)}`;
}

export function statefulSetSteps(sts: KubeObject): number {
  return desiredReplicas(sts) + 1;
}

/** Drops the zero counts Go's omitempty leaves out of the JSON. */
function omitZero(status: StatefulSetStatus): StatefulSetStatus {
  const out = { ...status } as Record<string, unknown>;
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
    if (out[k] === 0) delete out[k];
  return out as unknown as StatefulSetStatus;
}

/** Status after `step` of statefulSetSteps (0 = just observed, last = complete). */
export function statefulSetStatus(
  sts: KubeObject,
  step: number,
): StatefulSetStatus {
  const previous = (sts.status as StatefulSetStatus | undefined) ?? {
    replicas: 0,
    availableReplicas: 0,
  };
  const desired = desiredReplicas(sts);
  const revision = statefulSetRevision(sts);
  const done = step >= statefulSetSteps(sts);
  const base = {
    observedGeneration: sts.metadata.generation ?? 1,
    updateRevision: revision,
    collisionCount: previous.collisionCount ?? 0,
  };
  const fresh = !previous.currentRevision;
  if (done) {
    return omitZero({
      ...base,
      replicas: desired,
      readyReplicas: desired,
      currentReplicas: desired,
      updatedReplicas: desired,
      currentRevision: revision,
      availableReplicas: desired,
    });
  }
  if (fresh || previous.currentRevision === revision) {
    // same revision (new or scaled): pods created in ordinal order, each Ready before the next
    const before = Math.min(previous.readyReplicas ?? 0, desired);
    const ready = step === 0 ? before : Math.min(desired, before + 1);
    const created = ready < desired ? ready + 1 : desired;
    return omitZero({
      ...base,
      replicas: created,
      readyReplicas: ready,
      currentReplicas: created,
      updatedReplicas: created,
      currentRevision: revision,
      availableReplicas: ready,
    });
  }
  // rolling update: `step` pods recreated at the new revision, the last of them not Ready yet
  const updated = Math.min(desired, step);
  const replacing = step > 0 ? 1 : 0;
  return omitZero({
    ...base,
    replicas: desired,
    readyReplicas: desired - replacing,
    currentReplicas: desired - updated,
    updatedReplicas: updated,
    currentRevision: previous.currentRevision,
    availableReplicas: desired - replacing,
  });
}
