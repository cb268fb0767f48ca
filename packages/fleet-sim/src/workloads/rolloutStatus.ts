/*
 * Deployment status as the Kubernetes deployment controller reports it during a RollingUpdate
 * (default maxSurge 25% rounded up, maxUnavailable 25% rounded down), reduced to what
 * `kubectl rollout status` and dashboards read: observedGeneration, replicas, updatedReplicas,
 * readyReplicas, availableReplicas, unavailableReplicas and the Available / Progressing conditions
 * with the controller's reasons and messages (pkg/controller/deployment/util/deployment_util.go).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/types';

export interface DeploymentCondition {
  type: 'Available' | 'Progressing';
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash shaped like Kubernetes' (rand.SafeEncodeString of a hash of the template). */
export function podTemplateHash(deployment: KubeObject): string {
  const template =
    (deployment.spec as { template?: unknown } | undefined)?.template ?? {};
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return Array.from(
    digest.subarray(0, 10),
    b => ALPHANUMS[b % ALPHANUMS.length],
  ).join('');
}

export function desiredReplicas(deployment: KubeObject): number {
  const replicas = (deployment.spec as { replicas?: number } | undefined)
    ?.replicas;
  return replicas === undefined ? 1 : replicas;
}

function condition(
  previous: DeploymentCondition[] | undefined,
  type: DeploymentCondition['type'],
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  const old = previous?.find(c => c.type === type);
  const transitioned = !old || old.status !== status;
  const unchanged =
    old && !transitioned && old.reason === reason && old.message === message;
  return {
    type,
    status,
    lastUpdateTime: unchanged ? old!.lastUpdateTime : now,
    lastTransitionTime: transitioned ? now : old!.lastTransitionTime,
    reason,
    message,
  };
}

/** Number of steps a rollout of this Deployment goes through before it is complete. */
export function rolloutSteps(deployment: KubeObject): number {
  return desiredReplicas(deployment) + 1;
}

/**
 * Status after `step` of `rolloutSteps` (0 = just observed, last = complete). A Deployment with
 * available pods surges one new pod at a time and keeps the old ones available until replaced;
 * a fresh one (nothing available yet) scales the new ReplicaSet to the desired count at once.
 */
export function rolloutStatus(
  deployment: KubeObject,
  step: number,
  now: string,
): DeploymentStatus {
  const previous = (deployment.status as DeploymentStatus | undefined) ?? {};
  const desired = desiredReplicas(deployment);
  const steps = rolloutSteps(deployment);
  const rsName = `${deployment.metadata.name}-${podTemplateHash(deployment)}`;
  const done = step >= steps;
  const oldAvailable = Math.min(previous.availableReplicas ?? 0, desired);
  let replicas: number;
  let updated: number;
  let available: number;
  if (done) {
    replicas = updated = available = desired;
  } else if (oldAvailable === 0) {
    replicas = updated = desired;
    available = Math.min(desired, step);
  } else {
    updated = Math.min(desired, step + 1);
    replicas = desired + 1;
    available = desired;
  }
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
  };
  if (available > 0) {
    status.readyReplicas = available;
    status.availableReplicas = available;
  }
  if (replicas - available > 0)
    status.unavailableReplicas = replicas - available;
  const minAvailable = desired - Math.floor(desired * 0.25);
  status.conditions = [
    available >= minAvailable
      ? condition(
          previous.conditions,
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : condition(
          previous.conditions,
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        ),
    done
      ? condition(
          previous.conditions,
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
          now,
        )
      : condition(
          previous.conditions,
          'Progressing',
          'True',
          oldAvailable === 0 && step === 0
            ? 'NewReplicaSetCreated'
            : 'ReplicaSetUpdated',
          oldAvailable === 0 && step === 0
            ? `Created new replica set "${rsName}"`
            : `ReplicaSet "${rsName}" is progressing.`,
          now,
        ),
  ];
  return status;
}

/** What `kubectl rollout status deployment/<name>` prints for this status (rollout_status.go). */
export function rolloutStatusMessage(deployment: KubeObject): {
  done: boolean;
  message: string;
} {
  const status = (deployment.status as DeploymentStatus | undefined) ?? {};
  const name = deployment.metadata.name;
  if (
    (deployment.metadata.generation ?? 0) > (status.observedGeneration ?? 0)
  ) {
    return {
      done: false,
      message: 'Waiting for deployment spec update to be observed...\n',
    };
  }
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    throw new Error(
      `deployment ${JSON.stringify(name)} exceeded its progress deadline`,
    );
  }
  const desired = desiredReplicas(deployment);
  const updated = status.updatedReplicas ?? 0;
  const replicas = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < desired) {
    return {
      done: false,
      message: `Waiting for deployment ${JSON.stringify(
        name,
      )} rollout to finish: ${updated} out of ${desired} new replicas have been updated...\n`,
    };
  }
  if (replicas > updated) {
    return {
      done: false,
      message: `Waiting for deployment ${JSON.stringify(
        name,
      )} rollout to finish: ${
        replicas - updated
      } old replicas are pending termination...\n`,
    };
  }
  if (available < updated) {
    return {
      done: false,
      message: `Waiting for deployment ${JSON.stringify(
        name,
      )} rollout to finish: ${available} of ${updated} updated replicas are available...\n`,
    };
  }
  return {
    done: true,
    message: `deployment ${JSON.stringify(name)} successfully rolled out\n`,
  };
}
