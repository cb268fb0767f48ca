/*
 * Least-privilege RBAC for the Backstage secrets plugin's service account in each simulated
 * cluster: read ESO kinds, Deployments and Events; Secrets only through list/watch (the plugin
 * reads metadata from lists and never GETs a single Secret's data); patch on ESO kinds (force-sync
 * annotations) and Deployments (rollout restarts).
 */
import type { AccessRule } from '../kube/http/accessRules';

const ESO_KINDS = [
  'externalsecrets',
  'secretstores',
  'clustersecretstores',
  'clusterexternalsecrets',
  'pushsecrets',
].map(r => `external-secrets.io/${r}`);

export const PLUGIN_SERVICE_ACCOUNT = {
  namespace: 'backstage',
  name: 'secrets-plugin',
};

export const PLUGIN_RULES: AccessRule[] = [
  {
    verbs: ['get', 'list', 'watch'],
    resources: [
      ...ESO_KINDS,
      'apps/deployments',
      'events',
      'events.k8s.io/events',
    ],
  },
  { verbs: ['list', 'watch'], resources: ['secrets'] },
  { verbs: ['patch'], resources: [...ESO_KINDS, 'apps/deployments'] },
];

/** Vault's token reviewer (system:auth-delegator). */
export const TOKEN_REVIEWER_RULES: AccessRule[] = [
  { verbs: ['create'], resources: ['authentication.k8s.io/tokenreviews'] },
];
