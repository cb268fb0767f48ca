/*
 * DaemonSet status as the DaemonSet controller reports it (pkg/controller/daemon,
 * daemon_controller.go updateDaemonSetStatus, update.go rollingUpdate) with the default
 * RollingUpdate strategy (maxUnavailable 1, maxSurge 0), on a fixed number of schedulable nodes
 * (there is no Node object or scheduler in the simulator): a new DaemonSet starts a pod on every
 * node at once; a new template replaces them one node at a time, old pod deleted first.
 */
import type { KubeObject } from '../kube/types';

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
}

/** Steps from a new generation to a completed rollout on `nodes` nodes. */
export function daemonSetSteps(nodes: number): number {
  return nodes + 1;
}

export function daemonSetStatus(
  ds: KubeObject,
  step: number,
  nodes: number,
): DaemonSetStatus {
  const previous = ds.status as DaemonSetStatus | undefined;
  const fresh = !previous || (previous.numberReady ?? 0) === 0;
  const done = step >= daemonSetSteps(nodes);
  let updated: number;
  let ready: number;
  if (done) {
    updated = ready = nodes;
  } else if (fresh) {
    updated = nodes;
    ready = 0;
  } else {
    updated = Math.min(nodes, step);
    ready = step > 0 ? nodes - 1 : nodes;
  }
  const status: DaemonSetStatus = {
    currentNumberScheduled: nodes,
    numberMisscheduled: 0,
    desiredNumberScheduled: nodes,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
  };
  // omitempty fields, in the Go struct's order
  if (updated) status.updatedNumberScheduled = updated;
  if (ready) status.numberAvailable = ready;
  if (nodes - ready) status.numberUnavailable = nodes - ready;
  return status;
}
