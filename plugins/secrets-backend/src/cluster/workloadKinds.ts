import type { WorkloadKind } from '@secrets-plugin/plugin-secrets-common';

/** The pod-template kinds whose Secret consumers rows list and rotations restart. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
];

export const WORKLOAD_PLURALS: Readonly<Record<WorkloadKind, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};
