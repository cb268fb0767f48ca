import { Fragment, useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  type FleetQuery,
  type FleetResponse,
  secretSyncStatuses,
} from '@secrets-plugin/plugin-secrets-common';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { supersededBy } from '../../lib/causeInfo';
import { clusterNotes } from '../../lib/clusterNotes';
import { objectLabel } from '../../lib/labels';
import { statusLabel } from '../../lib/status';
import { CauseLine } from '../SecretRow/CauseLine';
import { TakesEffectCell } from '../SecretRow/TakesEffectCell';
import { useTableStyles } from '../tableStyles';
import { StatusChip } from '../StatusChip';

/** The filter and page the fleet page asks the backend for. */
export type FailingQuery = Pick<FleetQuery, 'offset' | 'limit'> &
  Partial<Pick<FleetQuery, 'cluster' | 'namespace' | 'status'>>;

/** Props of {@link FleetFailingTable}. */
export interface FleetFailingTableProps {
  failing: FleetResponse['failing'];
  clusters: string[];
  /** Clusters that could not be read: their rows are marked with the age of their data. */
  errors?: FleetResponse['errors'];
  clusterSummaries?: FleetResponse['clusters'];
  /** When the data was generated, for relative times. */
  now: number;
  query: FailingQuery;
  onQueryChange: (query: FailingQuery) => void;
}

/** Failing ExternalSecrets across the fleet, filtered and paged by the backend. */
export function FleetFailingTable(props: FleetFailingTableProps) {
  const { query, onQueryChange, failing, now } = props;
  const classes = useTableStyles();
  const notes = useMemo(
    () => clusterNotes(props.errors ?? [], props.clusterSummaries ?? []),
    [props.errors, props.clusterSummaries],
  );
  // Any filter change goes back to the first page.
  const setFilter = (patch: Partial<FailingQuery>) =>
    onQueryChange({ ...query, ...patch, offset: 0 });
  const [namespaceInput, setNamespaceInput] = useState(query.namespace ?? '');
  const namespace = useDebouncedValue(namespaceInput, 300);
  useEffect(() => {
    if ((namespace || undefined) !== query.namespace) {
      onQueryChange({ ...query, namespace: namespace || undefined, offset: 0 });
    }
  }, [namespace]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <Box display="flex" flexWrap="wrap" gridGap={16} mb={1}>
        <TextField
          select
          id="fleet-filter-cluster"
          label="Cluster"
          value={query.cluster ?? ''}
          onChange={e => setFilter({ cluster: e.target.value || undefined })}
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
          id="fleet-filter-namespace"
          label="Namespace"
          value={namespaceInput}
          onChange={e => setNamespaceInput(e.target.value)}
        />
        <TextField
          select
          id="fleet-filter-status"
          label="Status"
          value={query.status ?? ''}
          onChange={e =>
            setFilter({
              status: (e.target.value || undefined) as FailingQuery['status'],
            })
          }
          InputLabelProps={{ shrink: true }}
          SelectProps={{ native: true }}
        >
          <option value="">All failing</option>
          {secretSyncStatuses
            .filter(s => s !== 'Synced')
            .map(s => (
              <option key={s} value={s}>
                {statusLabel[s]}
              </option>
            ))}
        </TextField>
      </Box>
      <div className={classes.scroll}>
        <Table
          size="small"
          aria-label="Failing ExternalSecrets"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell>Namespace</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Takes effect</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {failing.items.map((row, i) => {
              const key = objectLabel(row);
              const shade = i % 2 === 0 ? classes.odd : classes.even;
              const cause = row.cause ?? row.condition?.message;
              const note = notes.get(row.cluster);
              return (
                <Fragment key={key}>
                  <TableRow className={shade}>
                    <TableCell>
                      <Typography variant="body2" noWrap>
                        {row.cluster}
                      </Typography>
                      {note && (
                        <Typography
                          variant="caption"
                          color="error"
                          display="block"
                        >
                          {note}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      {row.namespace}
                    </TableCell>
                    <TableCell>{row.name}</TableCell>
                    <TableCell className={classes.nowrap}>
                      <StatusChip status={row.status} />
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      <TakesEffectCell
                        takesEffect={row.takesEffect}
                        now={now}
                      />
                    </TableCell>
                  </TableRow>
                  {cause && (
                    <TableRow className={shade} data-detail-of={key}>
                      <TableCell
                        colSpan={5}
                        className={classes.detail}
                        style={{ paddingTop: 0 }}
                      >
                        <CauseLine
                          cause={cause}
                          info={row.causeInfo}
                          now={now}
                          supersededBy={supersededBy(row)}
                        />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
            {failing.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>
                  No failing ExternalSecret matches.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      <TablePagination
        component="div"
        count={failing.totalCount}
        page={Math.floor(query.offset / query.limit)}
        rowsPerPage={query.limit}
        rowsPerPageOptions={[25, 50, 100]}
        onPageChange={(_e, page) =>
          onQueryChange({ ...query, offset: page * query.limit })
        }
        onRowsPerPageChange={e =>
          onQueryChange({ ...query, offset: 0, limit: Number(e.target.value) })
        }
      />
    </>
  );
}
