/*
 * Installing, upgrading or removing ESO's CRDs in a running simulated cluster, as `helm upgrade`
 * of the chart would: the API server's discovery and routes change at once, stored objects of a
 * kind whose CRD goes away are deleted (CRD deletion cascades), objects of kinds that stay are
 * migrated to the new storage version, and open watches end so clients re-resolve their paths.
 */
import type { KubeApiServerHandle } from '../kube/createKubeApiServer';
import { esoResourceDefinitions, type EsoVersions } from '../kube/esoResources';
import { apiVersionOf } from '../kube/resourceDefinition';

export function changeServedEso(
  api: KubeApiServerHandle,
  to: EsoVersions,
): void {
  const { store } = api;
  const catalog = store.catalog;
  if (catalog.esoVersions === to) return;
  const kept = new Set(esoResourceDefinitions(to).map(d => d.key));
  for (const def of catalog.all().filter(d => d.custom)) {
    if (kept.has(def.key)) continue;
    for (const obj of store.list(def.ref)) {
      const { namespace, name, finalizers } = obj.metadata;
      // nothing would ever remove finalizers of a kind that is no longer served
      if (finalizers?.length)
        store.mergePatch(def.ref, namespace, name, {
          metadata: { finalizers: null },
        });
      if (store.get(def.ref, namespace, name))
        store.delete(def.ref, namespace, name);
    }
  }
  catalog.serveEso(to);
  for (const def of catalog.all().filter(d => d.custom)) {
    const storage = apiVersionOf(def.ref.group, def.storageVersion);
    for (const obj of store.list(def.ref)) {
      if (obj.apiVersion !== storage)
        store.update(def.ref, { ...obj, apiVersion: storage });
    }
  }
  api.faults.endWatches();
}
