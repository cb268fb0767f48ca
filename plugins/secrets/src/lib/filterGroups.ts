import type {
  ExternalSecretRow,
  SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { statusSeverity } from './status';
import { describeVaultKey } from './vault';

export type SecretSort = 'status' | 'cluster' | 'name' | 'lastSync';

export interface SecretFilters {
  cluster: string;
  status: string;
  search: string;
  sort: SecretSort;
}

export const defaultSecretFilters: SecretFilters = {
  cluster: '',
  status: '',
  search: '',
  sort: 'status',
};

const comparators: Record<
  SecretSort,
  (a: ExternalSecretRow, b: ExternalSecretRow) => number
> = {
  status: (a, b) => statusSeverity[a.status] - statusSeverity[b.status],
  cluster: (a, b) => a.cluster.localeCompare(b.cluster),
  name: (a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  // Oldest (or never) synced first: that is where trouble is.
  lastSync: (a, b) => (a.lastSyncAt ?? '').localeCompare(b.lastSyncAt ?? ''),
};

// Derived once per row, group and sort: rows, groups and arrays are replaced, never mutated, so
// their identity says when to derive again (a keystroke used to lower-case 500 rows' text).
const rowTexts = new WeakMap<ExternalSecretRow, string>();
const groupTexts = new WeakMap<SecretGroup['vault'], string>();
const sorted = new WeakMap<
  ExternalSecretRow[],
  Map<SecretSort, ExternalSecretRow[]>
>();
const whole = new WeakMap<SecretGroup, Map<SecretSort, SecretGroup>>();

function cached<K extends object, V>(
  map: WeakMap<K, V>,
  key: K,
  make: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

const rowText = (row: ExternalSecretRow) =>
  cached(rowTexts, row, () =>
    `${row.cluster} ${row.namespace} ${row.name} ${row.store.name} ${
      row.cause ?? ''
    }`.toLowerCase(),
  );

const groupText = (group: SecretGroup) =>
  cached(groupTexts, group.vault, () =>
    describeVaultKey(group.vault).toLowerCase(),
  );

function sortedRows(rows: ExternalSecretRow[], sort: SecretSort) {
  const bySort = cached(
    sorted,
    rows,
    () => new Map<SecretSort, ExternalSecretRow[]>(),
  );
  let result = bySort.get(sort);
  if (!result) bySort.set(sort, (result = [...rows].sort(comparators[sort])));
  return result;
}

/** The group with all its rows in `sort` order: the same object on every call. */
function wholeGroup(
  group: SecretGroup,
  sort: SecretSort,
  rows: ExternalSecretRow[],
) {
  const bySort = cached(whole, group, () => new Map<SecretSort, SecretGroup>());
  let result = bySort.get(sort);
  if (!result) bySort.set(sort, (result = { ...group, rows }));
  return result;
}

const allRows = new WeakMap<SecretGroup, ReadonlySet<ExternalSecretRow>>();
const NONE: ReadonlySet<ExternalSecretRow> = new Set();

/** A group with every row in sort order, and the rows the filters let through. */
export interface MatchedGroup {
  /** The same object while the group's rows and the sort stay. */
  group: SecretGroup;
  /**
   * The same set while every row (or none) matches, so a memoised table the filters leave as it
   * was does not re-render.
   */
  matching: ReadonlySet<ExternalSecretRow>;
}

/**
 * Every group with its rows in `sort` order and which of them the filters match. The tab keeps
 * rows that stop matching mounted and hidden: widening the filter again (a Backspace) then shows
 * them instead of mounting them afresh.
 */
export function matchGroups(
  groups: SecretGroup[],
  filters: SecretFilters,
): MatchedGroup[] {
  const needle = filters.search.trim().toLowerCase();
  return groups.map(group => {
    const all = sortedRows(group.rows, filters.sort);
    const keyMatches = !needle || groupText(group).includes(needle);
    const rows = all.filter(
      row =>
        (!filters.cluster || row.cluster === filters.cluster) &&
        (!filters.status || row.status === filters.status) &&
        (keyMatches || rowText(row).includes(needle)),
    );
    const kept = wholeGroup(group, filters.sort, all);
    let matching = NONE;
    if (rows.length === all.length)
      matching = cached(allRows, kept, () => new Set(all));
    else if (rows.length > 0) matching = new Set(rows);
    return { group: kept, matching };
  });
}

/**
 * Applies the filters; groups left without rows disappear. Row objects keep their identity so
 * memoised rows do not re-render, and a group the filters leave whole is the same object as last
 * time, so its memoised table does not re-render either.
 */
export function filterGroups(
  groups: SecretGroup[],
  filters: SecretFilters,
): SecretGroup[] {
  const result: SecretGroup[] = [];
  for (const { group, matching } of matchGroups(groups, filters)) {
    if (matching.size === group.rows.length) result.push(group);
    else if (matching.size > 0)
      result.push({ ...group, rows: group.rows.filter(r => matching.has(r)) });
  }
  return result;
}
