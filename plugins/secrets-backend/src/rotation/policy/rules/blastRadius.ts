import {
  allow,
  deny,
  environmentPolicy,
  type RotationPolicyConfig,
  type RotationPolicyRule,
} from '../types';

/** Limits per environment on how much one click may touch. */
export function blastRadiusRule(
  config: RotationPolicyConfig,
): RotationPolicyRule {
  return {
    id: 'blast-radius',
    title: 'The rotation stays within the blast-radius limits',
    evaluate({ plan, entityOwners }) {
      const clusters = plan.clusters.length;
      const workloads = plan.clusters.reduce(
        (n, c) => n + c.workloads.length,
        0,
      );
      const envs = plan.environments.length ? plan.environments : [undefined];
      for (const env of envs) {
        const limits =
          environmentPolicy(config, env, entityOwners).blastRadius ?? {};
        if (limits.maxClusters !== undefined && clusters > limits.maxClusters)
          return deny(
            `${clusters} clusters, more than the ${
              limits.maxClusters
            } allowed in ${env ?? 'default'}`,
          );
        if (
          limits.maxWorkloads !== undefined &&
          workloads > limits.maxWorkloads
        )
          return deny(
            `${workloads} workloads, more than the ${
              limits.maxWorkloads
            } allowed in ${env ?? 'default'}`,
          );
      }
      return allow(`${clusters} cluster(s), ${workloads} workload(s)`);
    },
  };
}
