/*
 * The Backstage secrets plugin's rights in each simulated cluster: the very manifest the plugin
 * ships (plugins/secrets-backend/deploy/rbac.yaml: ServiceAccount, least-privilege ClusterRole,
 * ClusterRoleBinding), applied like `kubectl apply -f` would, so the RBAC authorizer decides what
 * the plugin's token may do and the plugin's tests run under exactly what operators install.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { AccessRule } from '../kube/http/accessRules';
import type { InMemoryClusterStore } from '../kube/store/InMemoryClusterStore';
import type { KubeObject } from '../kube/types';

// fleet-sim runs from source in this repository (dev/test only), next to the plugin
export const PLUGIN_RBAC_MANIFEST = join(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../plugins/secrets-backend/deploy/rbac.yaml',
);

export const PLUGIN_SERVICE_ACCOUNT = {
  namespace: 'backstage',
  name: 'secrets-plugin',
};

let manifestCache: KubeObject[] | undefined;

/** The manifest's objects, in file order. */
export function pluginRbacObjects(): KubeObject[] {
  manifestCache ??= parseAllDocuments(
    readFileSync(PLUGIN_RBAC_MANIFEST, 'utf8'),
  )
    .map(doc => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o);
  return structuredClone(manifestCache);
}

/** Creates what is missing of the manifest (the plugin's namespace first, as an operator would). */
export function applyPluginRbac(store: InMemoryClusterStore): void {
  const namespaces = { group: '', resource: 'namespaces' };
  if (!store.get(namespaces, undefined, PLUGIN_SERVICE_ACCOUNT.namespace)) {
    store.create(namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: PLUGIN_SERVICE_ACCOUNT.namespace },
    });
  }
  for (const obj of pluginRbacObjects()) {
    const group = obj.apiVersion.includes('/')
      ? obj.apiVersion.split('/')[0]
      : '';
    const def = store.catalog.byKind(group, obj.kind);
    if (!def) throw new Error(`${PLUGIN_RBAC_MANIFEST}: no kind ${obj.kind}`);
    if (!store.get(def.ref, obj.metadata.namespace, obj.metadata.name))
      store.create(def.ref, obj);
  }
}

/**
 * The manifest's ClusterRole as fleet-sim's static-token shorthand, for tests that want a token
 * with the plugin's rights without a service account. Derived, so the two cannot drift.
 */
export const PLUGIN_RULES: AccessRule[] = pluginRbacObjects()
  .filter(o => o.kind === 'ClusterRole')
  .flatMap(o => (o.rules ?? []) as Array<Record<string, string[]>>)
  .map(rule => ({
    verbs: rule.verbs,
    resources: rule.apiGroups.flatMap(g =>
      rule.resources.map(r => (g ? `${g}/${r}` : r)),
    ),
  }));

/**
 * Vault's token reviewer, set up as Vault's Kubernetes auth docs say: a ClusterRoleBinding of the
 * bootstrap ClusterRole system:auth-delegator to kube-system/vault-auth.
 */
export function bindTokenReviewer(store: InMemoryClusterStore): void {
  const ref = {
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
  };
  if (store.get(ref, undefined, 'vault-auth-delegator')) return;
  store.create(ref, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'vault-auth-delegator' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:auth-delegator',
    },
    subjects: [
      { kind: 'ServiceAccount', name: 'vault-auth', namespace: 'kube-system' },
    ],
  });
}
