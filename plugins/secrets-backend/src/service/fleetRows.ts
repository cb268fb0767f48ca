import {
  secretSyncStatuses,
  type ExternalSecretRow,
  type SecretSyncStatus,
  type StatusCounts,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { EntityRows } from './entityRows';

/** `String.prototype.localeCompare`'s order, without building a collator per comparison. */
const byLocale = new Intl.Collator().compare;

/** One cluster's ExternalSecrets as the fleet page reads them. */
export interface ClusterRows {
  counts: StatusCounts;
  /** Rows by status, each list sorted by namespace and name. */
  byStatus: Record<SecretSyncStatus, ExternalSecretRow[]>;
  /** Every row that is not Synced, sorted by namespace and name. */
  notSynced: ExternalSecretRow[];
}

interface Part extends ClusterRows {
  version: number;
  dependencyVersion: number;
  /** The first instant at which a row would turn Stale with time alone. */
  validUntil: number;
}

/**
 * Per cluster, every ExternalSecret's row counted and sorted by status, kept until an
 * ExternalSecret or something rows read changes in that cluster, or a row turns Stale. The full
 * recount: the fleet page now reads `FleetCounts`, which applies deltas and must answer the same;
 * this stays as its test oracle and as the benchmark's baseline (fleetBusy.bench.ts).
 */
export class FleetRows {
  readonly #parts = new WeakMap<ClusterData, Part>();

  constructor(private readonly rows: EntityRows) {}

  cluster(name: string, data: ClusterData, now: number): ClusterRows {
    const part = this.#parts.get(data);
    if (
      part &&
      now <= part.validUntil &&
      part.version === data.externalSecrets.version &&
      part.dependencyVersion === data.dependenciesVersion()
    )
      return part;
    const built = this.#build(name, data, now);
    this.#parts.set(data, built);
    return built;
  }

  #build(cluster: string, data: ClusterData, now: number): Part {
    const byStatus = Object.fromEntries(
      secretSyncStatuses.map(s => [s, [] as ExternalSecretRow[]]),
    ) as Record<SecretSyncStatus, ExternalSecretRow[]>;
    let validUntil = Infinity;
    for (const es of data.externalSecrets.values()) {
      // the row of the first Vault key stands for the ExternalSecret (status is per object);
      // every ExternalSecret has one, in a group of its own when it names no Vault key
      let row: ExternalSecretRow | undefined;
      const until = this.rows.forEach(cluster, data, es, now, keyed => {
        row ??= keyed.row;
      });
      validUntil = Math.min(validUntil, until);
      if (!row) throw new Error(`no row for ExternalSecret ${es.name}`);
      byStatus[row.status].push(row);
    }
    const order = (a: ExternalSecretRow, b: ExternalSecretRow) =>
      byLocale(a.namespace, b.namespace) || byLocale(a.name, b.name);
    for (const list of Object.values(byStatus)) list.sort(order);
    return {
      version: data.externalSecrets.version,
      dependencyVersion: data.dependenciesVersion(),
      validUntil,
      byStatus,
      counts: Object.fromEntries(
        secretSyncStatuses.map(s => [s, byStatus[s].length]),
      ) as StatusCounts,
      notSynced: secretSyncStatuses
        .filter(s => s !== 'Synced')
        .flatMap(s => byStatus[s])
        .sort(order),
    };
  }
}
