import type { StoreRef } from '@secrets-plugin/plugin-secrets-common';

/** "prod-eu/payments/db" for namespaced objects, "prod-eu/vault" for cluster-scoped ones. */
export function objectLabel(object: {
  cluster: string;
  namespace?: string;
  name: string;
}): string {
  return `${object.cluster}/${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

/** A store as users name it: cluster, namespace (SecretStores only) and name. */
export function storeLabel(store: StoreRef): string {
  return objectLabel(store);
}

/** The `?secret=` value that links to one row of the Secrets tab: "cluster/namespace/name". */
export function rowLink(row: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return objectLabel(row);
}

/** A DOM id for a row of the Secrets tab (Kubernetes names are DNS labels, so only `/` needs care). */
export function rowDomId(link: string): string {
  return `secrets-row-${link.replace(/[^A-Za-z0-9_-]/g, '__')}`;
}
