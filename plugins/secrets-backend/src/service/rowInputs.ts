import { storeKey, type ClusterData } from '../cluster/ClusterData';

/** What to re-derive after a change in a cluster: some ExternalSecrets (by key), or all of them. */
export interface RowInputListener {
  changed(externalSecretKey: string): void;
  all(): void;
}

const esKey = (es: { namespace: string; name: string }) =>
  `${es.namespace}/${es.name}`;

/**
 * Tells `listener` which ExternalSecrets' rows a change in `data` may have moved, from the same
 * objects `rowDependencies` (entityRows.ts) compares: the ExternalSecret, its store and the
 * store's Warning, its own Warning, its target Secret and the workloads reading it, and the
 * PushSecrets writing its keys. Stores and PushSecrets also reach rows of other stores (through
 * PushSecrets' coordinates); they change rarely, so they re-derive the whole cluster rather than
 * repeat that matching here. Returns the unsubscribe.
 */
export function onRowInputChange(
  data: ClusterData,
  listener: RowInputListener,
): () => void {
  const targetReaders = (namespace: string, secretName: string) => {
    for (const es of data.externalSecrets.lookup(
      'target',
      `${namespace}/${secretName}`,
    ))
      listener.changed(esKey(es));
  };
  const unsubscribe = [
    data.externalSecrets.onEntryChange(key => listener.changed(key)),
    data.stores.onEntryChange(() => listener.all()),
    data.clusterStores.onEntryChange(() => listener.all()),
    data.pushSecrets.onEntryChange(() => listener.all()),
    data.secrets.onEntryChange((_key, before, after) => {
      const secret = before ?? after!;
      targetReaders(secret.namespace, secret.name);
    }),
    data.workloads.onEntryChange((_key, before, after) => {
      for (const w of [before, after])
        for (const name of w?.secretNames ?? [])
          targetReaders(w!.namespace, name);
    }),
    data.warnings.onObjectChange(objectKey => {
      const [kind, namespace, name] = objectKey.split('/');
      if (kind === 'ExternalSecret') listener.changed(`${namespace}/${name}`);
      else if (kind === 'SecretStore' || kind === 'ClusterSecretStore')
        for (const es of data.externalSecrets.lookup(
          'store',
          storeKey(kind, namespace, name),
        ))
          listener.changed(esKey(es));
    }),
  ];
  return () => unsubscribe.forEach(u => u());
}
