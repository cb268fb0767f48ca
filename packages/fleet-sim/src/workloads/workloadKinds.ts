/*
 * The workload kinds the rollout controller and Reloader handle, each with the steps its
 * controller walks the status through after a new generation (see rolloutStatus.ts,
 * statefulSetStatus.ts, daemonSetStatus.ts).
 */
import type { KubeObject, ResourceRef } from '../kube/types';
import { daemonSetStatus, daemonSetSteps } from './daemonSetStatus';
import { rolloutStatus, rolloutSteps } from './rolloutStatus';
import { statefulSetStatus, statefulSetSteps } from './statefulSetStatus';

export const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };
export const STATEFULSETS = { group: 'apps', resource: 'statefulsets' };
export const DAEMONSETS = { group: 'apps', resource: 'daemonsets' };

export interface WorkloadKind {
  ref: ResourceRef;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  steps(workload: KubeObject): number;
  status(workload: KubeObject, step: number, now: string): unknown;
}

/** Nodes a DaemonSet schedules onto (the simulated clusters have no Node objects). */
export const DEFAULT_NODE_COUNT = 3;

export function workloadKinds(nodes = DEFAULT_NODE_COUNT): WorkloadKind[] {
  return [
    {
      ref: DEPLOYMENTS,
      kind: 'Deployment',
      steps: rolloutSteps,
      status: rolloutStatus,
    },
    {
      ref: STATEFULSETS,
      kind: 'StatefulSet',
      steps: statefulSetSteps,
      status: (sts, step) => statefulSetStatus(sts, step),
    },
    {
      ref: DAEMONSETS,
      kind: 'DaemonSet',
      steps: () => daemonSetSteps(nodes),
      status: (ds, step) => daemonSetStatus(ds, step, nodes),
    },
  ];
}
