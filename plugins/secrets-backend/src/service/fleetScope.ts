import {
  secretSyncStatuses,
  type ExternalSecretRow,
  type SecretSyncStatus,
  type StatusCounts,
  type StoreSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { esStoreKey, storeKey, type ClusterData } from '../cluster/ClusterData';
import { entityExternalSecrets, type EntityMatcher } from './entityMatcher';
import type { ClusterRows } from './fleetRows';
import type { FleetScope } from './types';

/** What a scoped user may see of one cluster: ExternalSecrets by `namespace/name`, stores by key. */
export interface ClusterVisibility {
  externalSecrets: Set<string>;
  /** Store key to the number of visible ExternalSecrets that read through it. */
  stores: Map<string, number>;
}

/**
 * The ExternalSecrets of one cluster that the scope's entities match: the same matching as each
 * entity's Secrets tab, index lookups for `kubernetes-id`. Entities that match the same objects
 * (same annotations) are looked up once.
 */
export class ScopedVisibility {
  readonly #matchers: EntityMatcher[];

  constructor(scope: FleetScope) {
    const byKey = new Map<string, EntityMatcher>();
    for (const entity of scope.entities) {
      let matcher: EntityMatcher;
      try {
        matcher = entityExternalSecrets(entity);
      } catch {
        // an invalid label selector: its own tab says so; it matches nothing here
        continue;
      }
      byKey.set(matcher.key, matcher);
    }
    this.#matchers = [...byKey.values()];
  }

  cluster(data: ClusterData): ClusterVisibility {
    const externalSecrets = new Set<string>();
    const stores = new Map<string, number>();
    for (const matcher of this.#matchers) {
      for (const es of matcher.find(data)) {
        const id = `${es.namespace}/${es.name}`;
        if (externalSecrets.has(id)) continue;
        externalSecrets.add(id);
        const key = esStoreKey(es);
        stores.set(key, (stores.get(key) ?? 0) + 1);
      }
    }
    return { externalSecrets, stores };
  }
}

/** A cluster's fleet rows and counts reduced to the visible ExternalSecrets. */
export function visibleRows(
  rows: ClusterRows,
  visible: ClusterVisibility,
): ClusterRows {
  const keep = (list: ExternalSecretRow[]) =>
    visible.externalSecrets.size === 0
      ? []
      : list.filter(r =>
          visible.externalSecrets.has(`${r.namespace}/${r.name}`),
        );
  const byStatus = Object.fromEntries(
    secretSyncStatuses.map(s => [s, keep(rows.byStatus[s])]),
  ) as Record<SecretSyncStatus, ExternalSecretRow[]>;
  return {
    byStatus,
    counts: Object.fromEntries(
      secretSyncStatuses.map(s => [s, byStatus[s].length]),
    ) as StatusCounts,
    notSynced: keep(rows.notSynced),
  };
}

/** Only stores a visible ExternalSecret reads through, with only the visible dependents counted. */
export function visibleStores(
  stores: StoreSummary[],
  visibleByCluster: Map<string, ClusterVisibility>,
): StoreSummary[] {
  return stores.flatMap(store => {
    const dependents = visibleByCluster
      .get(store.cluster)
      ?.stores.get(storeKey(store.kind, store.namespace, store.name));
    return dependents ? [{ ...store, dependents }] : [];
  });
}
