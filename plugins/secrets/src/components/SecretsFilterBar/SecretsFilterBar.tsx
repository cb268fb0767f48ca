import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { secretSyncStatuses } from '@secrets-plugin/plugin-secrets-common';
import type { SecretFilters, SecretSort } from '../../lib/filterGroups';
import { statusLabel } from '../../lib/status';

/** Props of {@link SecretsFilterBar}. */
export interface SecretsFilterBarProps {
  filters: SecretFilters;
  clusters: string[];
  onChange: (filters: SecretFilters) => void;
}

const sorts: Array<[SecretSort, string]> = [
  ['status', 'Worst status first'],
  ['cluster', 'Cluster'],
  ['name', 'Namespace / name'],
  ['lastSync', 'Oldest sync first'],
];

/** Cluster, status, sort and free-text search. Native selects: keyboard- and screen-reader-friendly. */
export function SecretsFilterBar(props: SecretsFilterBarProps) {
  const { filters, onChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16} mb={2}>
      <TextField
        select
        id="secrets-filter-cluster"
        label="Cluster"
        value={filters.cluster}
        onChange={e => onChange({ ...filters, cluster: e.target.value })}
        InputLabelProps={{ shrink: true }}
        SelectProps={{ native: true }}
      >
        <option value="">All clusters</option>
        {props.clusters.map(c => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </TextField>
      <TextField
        select
        id="secrets-filter-status"
        label="Status"
        value={filters.status}
        onChange={e => onChange({ ...filters, status: e.target.value })}
        InputLabelProps={{ shrink: true }}
        SelectProps={{ native: true }}
      >
        <option value="">All statuses</option>
        {secretSyncStatuses.map(s => (
          <option key={s} value={s}>
            {statusLabel[s]}
          </option>
        ))}
      </TextField>
      <TextField
        select
        id="secrets-sort"
        label="Sort by"
        value={filters.sort}
        onChange={e =>
          onChange({ ...filters, sort: e.target.value as SecretSort })
        }
        InputLabelProps={{ shrink: true }}
        SelectProps={{ native: true }}
      >
        {sorts.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </TextField>
      <TextField
        id="secrets-search"
        label="Search"
        type="search"
        value={filters.search}
        onChange={e => onChange({ ...filters, search: e.target.value })}
      />
    </Box>
  );
}
