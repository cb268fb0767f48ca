import type { ClusterData } from '../cluster/ClusterData';
import { esStoreKey, keyLeaf, storeKey } from '../cluster/ClusterData';
import type {
  ExternalSecretProjection,
  PushSecretProjection,
  StoreProjection,
} from '../cluster/projections';
import { vaultCoordinates, vaultGroupId } from './vaultCoordinates';

/** References to one secret each: a find under a path does not name the secrets it will match. */
const readRefs = (es: ExternalSecretProjection) =>
  es.vaultRefs.filter(ref => !ref.find);

/**
 * PushSecrets in the cluster writing a Vault secret `es` reads: they overwrite whatever a rotation
 * writes. They meet at the secret's coordinates (server, namespace, mount, path), not at a store
 * name, so a PushSecret going through another store that points at the same mount counts too.
 */
export function pushersOf(
  data: ClusterData,
  es: ExternalSecretProjection,
): PushSecretProjection[] {
  const esStore = data.store(esStoreKey(es));
  if (!esStore?.vault) return [];
  const found = new Set<PushSecretProjection>();
  for (const ref of readRefs(es)) {
    const id = vaultGroupId(vaultCoordinates(esStore, ref));
    for (const ps of data.pushSecrets.lookup('keyLeaf', keyLeaf(ref.key)))
      if (!found.has(ps) && writes(data, ps, id)) found.add(ps);
  }
  return [...found];
}

/**
 * What `pushersOf` reads for `es` besides its own store: the PushSecrets it considered and their
 * stores, so cached rows can tell when the answer may have changed.
 */
export function pusherInputs(
  data: ClusterData,
  es: ExternalSecretProjection,
): unknown[] {
  const inputs: unknown[] = [];
  for (const ref of readRefs(es)) {
    for (const ps of data.pushSecrets.lookup('keyLeaf', keyLeaf(ref.key)))
      inputs.push(ps, ...pushSecretStores(data, ps));
  }
  return inputs;
}

function writes(
  data: ClusterData,
  ps: PushSecretProjection,
  secretId: string,
): boolean {
  return pushSecretStores(data, ps).some(
    store =>
      store?.vault &&
      ps.remoteKeys.some(
        key => vaultGroupId(vaultCoordinates(store, { key })) === secretId,
      ),
  );
}

function pushSecretStores(
  data: ClusterData,
  ps: PushSecretProjection,
): Array<StoreProjection | undefined> {
  return ps.storeRefs.map(ref =>
    data.store(storeKey(ref.kind, ps.namespace, ref.name)),
  );
}
