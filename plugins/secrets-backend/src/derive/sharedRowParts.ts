import type {
  ExternalSecretRow,
  ForceSyncBlocker,
  ForceSyncSupport,
  VaultCoordinates,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type {
  ExternalSecretProjection,
  StoreProjection,
  WarningEventProjection,
} from '../cluster/projections';
import { objectKey } from '../cluster/projections';
import { storeHealth } from './storeHealth';
import { vaultGroupId } from './vaultCoordinates';

/*
 * Parts of rows that many ExternalSecrets have in common: thousands read through one store and
 * most have the same force-sync verdict and no consumers. Derived rows are cached for as long as
 * their ExternalSecret is, so one shared object per part instead of one per row keeps that cache
 * small. Rows and their parts are never mutated after derivation.
 */

type StorePart = ExternalSecretRow['store'];

const storeParts = new WeakMap<
  StoreProjection,
  { cluster: string; warning?: WarningEventProjection; part: StorePart }
>();

/** The row's store with its health, one object per store version (and its latest Warning). */
export function storePart(
  cluster: string,
  data: ClusterData,
  es: ExternalSecretProjection,
  store: StoreProjection | undefined,
): StorePart {
  const ref = {
    cluster,
    kind: es.storeRef.kind,
    name: es.storeRef.name,
    namespace: es.storeRef.kind === 'SecretStore' ? es.namespace : undefined,
  };
  if (!store) return { ...ref, health: storeHealth(data, store) };
  const warning = data.warnings.latest(
    objectKey(store.kind, store.namespace, store.name),
  );
  const known = storeParts.get(store);
  if (known && known.cluster === cluster && known.warning === warning)
    return known.part;
  const part = { ...ref, health: storeHealth(data, store) };
  storeParts.set(store, { cluster, warning, part });
  return part;
}

const verdicts = new Map<string, ForceSyncSupport>();

/** Whether a bump can make ESO fetch again; shared between rows with the same blockers. */
export function forceSyncPart(
  blockers: ForceSyncBlocker[],
  parentClusterExternalSecret: string | undefined,
): ForceSyncSupport {
  // a ClusterExternalSecret's child can still be bumped, through its parent
  const supported = blockers.every(b => b === 'ClusterExternalSecretChild');
  if (parentClusterExternalSecret)
    return {
      supported,
      blockers,
      via: { kind: 'ClusterExternalSecret', name: parentClusterExternalSecret },
    };
  const key = blockers.join(',');
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = { supported, blockers };
    verdicts.set(key, verdict);
  }
  return verdict;
}

const NONE: never[] = Object.freeze([]) as unknown as never[];

/** `list`, or one shared empty array when it is empty. */
export function listPart<T>(list: T[]): T[] {
  return list.length ? list : NONE;
}

const vaultParts = new Map<string, { id: string; vault: VaultCoordinates }>();
/** Bounds the table on fleets with very many keys; dropping it only costs sharing. */
const MAX_VAULT_PARTS = 100_000;

/** Coordinates and group id of a Vault key as rows read it, shared by every row reading it so. */
export function vaultPart(vault: VaultCoordinates): {
  id: string;
  vault: VaultCoordinates;
} {
  const key = JSON.stringify([
    vault.server,
    vault.serverName,
    vault.namespace,
    vault.mount,
    vault.kvVersion,
    vault.key,
    vault.property,
    vault.pinnedVersion,
    vault.find,
  ]);
  let part = vaultParts.get(key);
  if (!part) {
    if (vaultParts.size >= MAX_VAULT_PARTS) vaultParts.clear();
    part = { id: vaultGroupId(vault), vault };
    vaultParts.set(key, part);
  }
  return part;
}
