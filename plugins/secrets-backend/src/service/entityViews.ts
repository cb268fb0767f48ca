import type { SecretGroup } from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import type { EntityMatcher } from './entityMatcher';
import type { EntityRows, KeyedRow } from './entityRows';
import { sameItems } from './sameItems';

/** `String.prototype.localeCompare`'s order, without building a collator per comparison. */
const byLocale = new Intl.Collator().compare;

/** One cluster as a view reads it. */
export interface ViewCluster {
  name: string;
  data: ClusterData;
}

/** An entity's rows in one cluster, with what they were built from. */
interface ClusterPart {
  data: ClusterData;
  dependencyVersion: number;
  /** The matched ExternalSecrets: projections are replaced on change, never mutated. */
  matched: readonly ExternalSecretProjection[];
  keyed: KeyedRow[];
  /** The first instant at which a row would turn Stale with time alone. */
  validUntil: number;
}

interface View {
  parts: ClusterPart[];
  groups: SecretGroup[];
}

/**
 * Each entity's secrets grouped by Vault key, kept per cluster while nothing they were built from
 * has changed there: the same ExternalSecret projections match, nothing else in the cluster moved
 * and no row has turned Stale since. A view of an unchanged entity costs an index lookup per
 * cluster; a change in one cluster re-derives that cluster's rows only. Groups handed out are
 * shared and must not be mutated.
 */
export class EntityViews {
  /** Least recently used first (a Map keeps insertion order). */
  readonly #views = new Map<string, View>();

  constructor(
    private readonly rows: EntityRows,
    private readonly maxViews = 1000,
  ) {}

  groups(
    entityRef: string,
    matcher: EntityMatcher,
    clusters: ViewCluster[],
    now: number,
  ): SecretGroup[] {
    const key = `${entityRef}\n${matcher.key}`;
    const previous = this.#views.get(key);
    this.#views.delete(key);
    let changed = previous?.parts.length !== clusters.length;
    const parts = clusters.map((cluster, i) => {
      const matched = matcher.find(cluster.data);
      const part = previous?.parts[i];
      if (part && isCurrent(part, cluster.data, matched, now)) return part;
      changed = true;
      return this.#part(cluster, matched, now);
    });
    const view =
      changed || !previous ? { parts, groups: grouped(parts) } : previous;
    this.#views.set(key, view);
    if (this.#views.size > this.maxViews)
      this.#views.delete(this.#views.keys().next().value!);
    return view.groups;
  }

  #part(
    { name, data }: ViewCluster,
    matched: readonly ExternalSecretProjection[],
    now: number,
  ): ClusterPart {
    const keyed: KeyedRow[] = [];
    let validUntil = Infinity;
    for (const es of matched) {
      const until = this.rows.forEach(name, data, es, now, k => keyed.push(k));
      validUntil = Math.min(validUntil, until);
    }
    return {
      data,
      dependencyVersion: data.dependenciesVersion(),
      matched,
      keyed,
      validUntil,
    };
  }
}

function isCurrent(
  part: ClusterPart,
  data: ClusterData,
  matched: readonly ExternalSecretProjection[],
  now: number,
): boolean {
  return (
    now <= part.validUntil &&
    part.data === data &&
    part.dependencyVersion === data.dependenciesVersion() &&
    sameItems(part.matched, matched)
  );
}

function grouped(parts: ClusterPart[]): SecretGroup[] {
  const groups = new Map<string, SecretGroup>();
  for (const part of parts) {
    for (const { id, vault, row } of part.keyed) {
      let group = groups.get(id);
      if (!group) {
        group = { id, vault: { ...vault }, rows: [] };
        groups.set(id, group);
      }
      group.vault.pinnedVersion ??= vault.pinnedVersion;
      group.rows.push(row);
    }
  }
  return [...groups.values()].sort((a, b) =>
    byLocale(a.vault.key, b.vault.key),
  );
}
