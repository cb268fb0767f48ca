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

function matchesSearch(
  row: ExternalSecretRow,
  groupText: string,
  needle: string,
): boolean {
  if (!needle) return true;
  return (
    groupText.includes(needle) ||
    `${row.cluster} ${row.namespace} ${row.name} ${row.store.name} ${
      row.cause ?? ''
    }`
      .toLowerCase()
      .includes(needle)
  );
}

/**
 * Applies the filters; groups left without rows disappear. Row objects keep their identity so
 * memoised rows do not re-render.
 */
export function filterGroups(
  groups: SecretGroup[],
  filters: SecretFilters,
): SecretGroup[] {
  const needle = filters.search.trim().toLowerCase();
  const compare = comparators[filters.sort];
  const result: SecretGroup[] = [];
  for (const group of groups) {
    const groupText = describeVaultKey(group.vault).toLowerCase();
    const rows = group.rows.filter(
      row =>
        (!filters.cluster || row.cluster === filters.cluster) &&
        (!filters.status || row.status === filters.status) &&
        matchesSearch(row, groupText, needle),
    );
    if (rows.length > 0)
      result.push({ ...group, rows: [...rows].sort(compare) });
  }
  return result;
}
