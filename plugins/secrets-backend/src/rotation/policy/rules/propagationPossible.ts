import type { ForceSyncBlocker } from '@secrets-plugin/plugin-secrets-common';
import { allow, deny, listNames, type RotationPolicyRule } from '../types';

const why: Record<
  Exclude<ForceSyncBlocker, 'ClusterExternalSecretChild'>,
  string
> = {
  CreatedOnce: 'refreshPolicy CreatedOnce never fetches again',
  RefreshIntervalZero: 'refreshInterval 0 never fetches again',
  PinnedVersion: 'it pins a Vault version and would never read the new one',
};

/**
 * Every reader must be able to fetch the new version when force-synced; otherwise the rotation
 * would leave clusters on the old value without anyone noticing. A ClusterExternalSecret's child
 * is fine: it is re-synced through its parent.
 */
export function propagationPossibleRule(): RotationPolicyRule {
  return {
    id: 'propagation-possible',
    title: 'Every ExternalSecret that reads the key can be made to fetch it',
    evaluate({ plan }) {
      const stuck: string[] = [];
      for (const c of plan.clusters) {
        for (const es of c.externalSecrets) {
          const reasons = es.blockers.filter(
            (b): b is keyof typeof why => b !== 'ClusterExternalSecretChild',
          );
          if (es.blockers.includes('ClusterExternalSecretChild') && !es.via)
            stuck.push(
              `${c.cluster} ${es.namespace}/${es.name}: its ClusterExternalSecret is unknown`,
            );
          for (const r of reasons)
            stuck.push(`${c.cluster} ${es.namespace}/${es.name}: ${why[r]}`);
        }
      }
      const total = plan.clusters.reduce(
        (n, c) => n + c.externalSecrets.length,
        0,
      );
      return stuck.length
        ? deny(listNames(stuck))
        : allow(
            `all ${total} ExternalSecret(s) will fetch the new version when force-synced`,
          );
    },
  };
}
