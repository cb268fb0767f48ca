import type {
  ExternalSecretRow,
  VaultCoordinates,
} from '@secrets-plugin/plugin-secrets-common';
import { esStoreKey, type ClusterData } from '../cluster/ClusterData';
import {
  objectKey,
  type ExternalSecretProjection,
} from '../cluster/projections';
import { deriveTimelessRow, staleAfter, staleRow } from '../derive/deriveRow';
import { overdueAfter, takesEffectAsOf } from '../derive/takesEffect';
import { pusherInputs } from '../derive/pushers';
import { vaultPart } from '../derive/sharedRowParts';
import { vaultCoordinates, vaultGroupId } from '../derive/vaultCoordinates';
import { sameItems } from './sameItems';

/** One row of an entity response: an ExternalSecret as seen from one Vault key it reads. */
export interface KeyedRow {
  id: string;
  vault: VaultCoordinates;
  row: ExternalSecretRow & { vault: VaultCoordinates };
}

interface Entry {
  /** `ClusterData.dependenciesVersion()` when `dependencies` were last found unchanged. */
  version: number;
  dependencies: unknown[];
  /** One row per Vault key read; nearly always exactly one, which is kept without an array. */
  keyed: KeyedRow | KeyedRow[];
  /** From `staleAfter`: when the rows turn Stale with time alone (Infinity if never). */
  staleAfter: number;
  /** From `overdueAfter`: when their `takesEffect` turns overdue (Infinity if never). */
  overdueAfter: number;
}

/**
 * Rows of ExternalSecrets, derived once per version of the objects they depend on; only what
 * depends on the clock (the Stale status, an overdue `takesEffect`) is worked out per request. Rows handed out are shared
 * between responses and must not be mutated.
 */
export class EntityRows {
  /** Keyed by projection: the watch replaces it on every change of the ExternalSecret. */
  readonly #entries = new WeakMap<ExternalSecretProjection, Entry>();

  constructor(
    private readonly staleMarginMs: number,
    /** The configured name of a (normalised) Vault server URL, for the coordinates. */
    private readonly vaultServerName: (
      url: string | undefined,
    ) => string | undefined = () => undefined,
  ) {}

  /**
   * Calls `emit` once per Vault key `es` reads, with that key's row as of `now`. Returns the
   * instant after which the passing of time alone would change these rows (Infinity if never).
   */
  forEach(
    cluster: string,
    data: ClusterData,
    es: ExternalSecretProjection,
    now: number,
    emit: (keyed: KeyedRow) => void,
  ): number {
    const entry = this.#current(cluster, data, es);
    const stale = now > entry.staleAfter;
    const overdue = now > entry.overdueAfter;
    const emitAsOfNow = (keyed: KeyedRow) => {
      if (!stale && !overdue) return emit(keyed);
      const row = stale ? staleRow(keyed.row, es) : { ...keyed.row };
      if (overdue) row.takesEffect = takesEffectAsOf(row.takesEffect, now);
      return emit({ ...keyed, row });
    };
    if (Array.isArray(entry.keyed)) entry.keyed.forEach(emitAsOfNow);
    else emitAsOfNow(entry.keyed);
    return Math.min(
      stale ? Infinity : entry.staleAfter,
      overdue ? Infinity : entry.overdueAfter,
    );
  }

  #current(
    cluster: string,
    data: ClusterData,
    es: ExternalSecretProjection,
  ): Entry {
    const version = data.dependenciesVersion();
    let entry = this.#entries.get(es);
    if (entry?.version === version) return entry;
    // something in the cluster moved: keep the rows unless it was something this one reads
    const dependencies = rowDependencies(data, es);
    if (entry && sameItems(entry.dependencies, dependencies)) {
      entry.version = version;
      return entry;
    }
    const keyed = keyedRows(cluster, data, es, this.vaultServerName);
    entry = {
      version,
      dependencies,
      keyed: keyed.length === 1 ? keyed[0] : keyed,
      staleAfter: keyed.length
        ? staleAfter(keyed[0].row, es, this.staleMarginMs)
        : Infinity,
      overdueAfter: keyed.length
        ? overdueAfter(keyed[0].row.takesEffect)
        : Infinity,
    };
    this.#entries.set(es, entry);
    return entry;
  }
}

/**
 * Every cached object `deriveTimelessRow` and `vaultCoordinates` read for `es`, in the order they
 * would meet them. Projections are replaced, never mutated, so identity tells whether one changed.
 */
function rowDependencies(
  data: ClusterData,
  es: ExternalSecretProjection,
): unknown[] {
  const store = data.store(esStoreKey(es));
  const target = `${es.namespace}/${es.targetName}`;
  const deps: unknown[] = [
    store,
    store &&
      data.warnings.latest(objectKey(store.kind, store.namespace, store.name)),
    data.warnings.latest(objectKey('ExternalSecret', es.namespace, es.name)),
    data.secrets.get(target),
  ];
  deps.push(...data.consumersOf(es.namespace, es.targetName));
  // separates the two lists, so a workload cannot stand in for a push secret
  deps.push(data);
  deps.push(...pusherInputs(data, es));
  // kept for as long as the row: without spare capacity from growing
  return deps.slice();
}

function keyedRows(
  cluster: string,
  data: ClusterData,
  es: ExternalSecretProjection,
  vaultServerName: (url: string | undefined) => string | undefined,
): KeyedRow[] {
  const row = deriveTimelessRow({ cluster, data }, es);
  const store = data.store(esStoreKey(es));
  const perKey = new Map<string, VaultCoordinates[]>();
  // no Vault reference at all (e.g. only generators): still a row, in a group of its own
  const refs = es.vaultRefs.length
    ? es.vaultRefs
    : [{ key: '', find: 'no Vault reference' }];
  for (const vaultRef of refs) {
    const c = vaultCoordinates(store, vaultRef);
    const id = vaultGroupId(c);
    const coords = perKey.get(id);
    if (coords) coords.push(c);
    else perKey.set(id, [c]);
  }
  // sized up front: this array is kept for as long as the rows, without spare capacity
  const keyed = new Array<KeyedRow>(perKey.size);
  let i = 0;
  for (const coords of perKey.values()) {
    const properties = new Set(coords.map(c => c.property));
    const shared = vaultPart({
      ...coords[0],
      property: properties.size === 1 ? coords[0].property : undefined,
      pinnedVersion: coords.find(c => c.pinnedVersion)?.pinnedVersion,
      serverName: vaultServerName(coords[0].server),
    });
    // the row is fresh and not handed out yet: the only key takes it as it is
    const keyedRow = perKey.size === 1 ? row : { ...row };
    keyedRow.vault = shared.vault;
    keyed[i++] = {
      id: shared.id,
      vault: shared.vault,
      row: keyedRow as KeyedRow['row'],
    };
  }
  return keyed;
}
