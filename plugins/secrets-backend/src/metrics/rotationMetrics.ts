import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  isTerminalRotationState,
  type RotationState,
} from '@secrets-plugin/plugin-secrets-common';
import type { CanaryObserver } from '../canary/CanaryProbe';
import type { RotationEventSink } from '../rotation/engine/ports';

/**
 * Rotation and canary outcomes as metrics for the platform team's dashboards and alerts. Labels
 * are a terminal state or a configured cluster name only: never a rotation id, entity or key.
 */
export interface RotationMetrics extends CanaryObserver {
  rotationFinished(state: RotationState): void;
  rotationPropagated(cluster: string, seconds: number): void;
}

/**
 * Bucket boundaries (seconds) of the propagation histograms: ESO syncs in seconds to minutes, and
 * the SDK's default boundaries (0, 5, 10, 25, ...) would put nearly every sample in the first
 * bucket. Advice only: a view in the SDK setup still overrides it.
 */
export const PROPAGATION_BUCKETS_SECONDS = [
  0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600,
];

export function createRotationMetrics(
  metrics: MetricsService,
): RotationMetrics {
  const rotations = metrics.createCounter<{ outcome: string }>(
    'secrets.rotations',
    { description: 'Rotations and rollbacks that ended, by terminal state' },
  );
  const propagation = metrics.createHistogram<{ cluster: string }>(
    'secrets.rotation.propagation',
    {
      description:
        "From a rotation's Vault write to the proof that every ExternalSecret of the cluster has the new version",
      unit: 's',
      advice: { explicitBucketBoundaries: PROPAGATION_BUCKETS_SECONDS },
    },
  );
  const canaryPropagation = metrics.createHistogram<{ cluster: string }>(
    'secrets.canary.propagation',
    {
      description:
        "From the canary's Vault write to its changed target Secret in the cluster",
      unit: 's',
      advice: { explicitBucketBoundaries: PROPAGATION_BUCKETS_SECONDS },
    },
  );
  const canaryFailures = metrics.createCounter<{ cluster: string }>(
    'secrets.canary.failures',
    { description: 'Canary probes that failed or timed out, by cluster' },
  );
  return {
    rotationFinished(state) {
      if (isTerminalRotationState(state)) rotations.add(1, { outcome: state });
    },
    rotationPropagated(cluster, seconds) {
      propagation.record(seconds, { cluster });
    },
    probed(result) {
      if (result.outcome === 'succeeded') {
        if (result.propagationMs !== undefined)
          canaryPropagation.record(result.propagationMs / 1000, {
            cluster: result.cluster,
          });
      } else canaryFailures.add(1, { cluster: result.cluster });
    },
  };
}

/**
 * The runner's event sink, also counting outcomes and, when a cluster lands, its propagation time
 * (what verify recorded in the cluster's step). A metric that fails never fails the rotation.
 */
export function meteredRotationEvents(
  events: RotationEventSink,
  metrics: RotationMetrics,
  propagationMs: (
    rotationId: string,
    cluster: string,
  ) => Promise<number | undefined>,
): RotationEventSink {
  return {
    async stateChanged(rotationId, state) {
      await events.stateChanged(rotationId, state);
      metrics.rotationFinished(state);
    },
    async clusterChanged(rotationId, cluster, state) {
      await events.clusterChanged(rotationId, cluster, state);
      if (state !== 'landed') return;
      const ms = await propagationMs(rotationId, cluster).catch(
        () => undefined,
      );
      if (ms !== undefined) metrics.rotationPropagated(cluster, ms / 1000);
    },
  };
}
