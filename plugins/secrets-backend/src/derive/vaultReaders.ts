import type { VaultCoordinates } from '@secrets-plugin/plugin-secrets-common';
import { esStoreKey, keyLeaf, type ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { vaultCoordinates, vaultGroupId } from './vaultCoordinates';

/**
 * The cluster's ExternalSecrets that read the Vault secret at `secret` (server, namespace, mount,
 * path; the property does not matter), whichever store they go through: everything a rotation of
 * that secret has to re-sync. Candidates come from the key-name index; each is confirmed by its
 * coordinates as its store resolves them now, so a changed store can never leave a stale entry.
 */
export function externalSecretsReading(
  data: ClusterData,
  secret: VaultCoordinates,
): ExternalSecretProjection[] {
  const id = vaultGroupId(secret);
  return data.externalSecrets
    .lookup('keyLeaf', keyLeaf(secret.key))
    .filter(es => {
      const store = data.store(esStoreKey(es));
      return (
        store?.vault !== undefined &&
        es.vaultRefs.some(
          ref => vaultGroupId(vaultCoordinates(store, ref)) === id,
        )
      );
    });
}
