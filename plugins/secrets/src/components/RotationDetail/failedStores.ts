import type {
  RotationDetail,
  StoreRef,
} from '@secrets-plugin/plugin-secrets-common';

/** The stores the failed clusters' ExternalSecrets read through, each once. */
export function failedStores(
  rotation: Pick<RotationDetail, 'plan'>,
  clusters: string[],
): StoreRef[] {
  const seen = new Map<string, StoreRef>();
  for (const c of rotation.plan.clusters) {
    if (!clusters.includes(c.cluster)) continue;
    for (const es of c.externalSecrets) {
      const { cluster, kind, name, namespace } = es.store;
      const ref: StoreRef = namespace
        ? { cluster, kind, name, namespace }
        : { cluster, kind, name };
      seen.set(`${cluster}/${kind}/${namespace ?? ''}/${name}`, ref);
    }
  }
  return [...seen.values()];
}
