import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  type FleetCluster,
  secretSyncStatuses,
} from '@secrets-plugin/plugin-secrets-common';
import { statusLabel } from '../../lib/status';
import { formatDuration } from '../../lib/time';
import { useTableStyles } from '../tableStyles';

/** Props of {@link FleetClustersTable}. */
export interface FleetClustersTableProps {
  clusters: FleetCluster[];
}

/** Every watched cluster: connection state, ESO API version and ExternalSecrets by status. */
export function FleetClustersTable(props: FleetClustersTableProps) {
  const classes = useTableStyles();
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Clusters" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>State</TableCell>
            <TableCell>ESO API</TableCell>
            {secretSyncStatuses.map(s => (
              <TableCell key={s} align="right">
                {statusLabel[s]}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.clusters.map(c => (
            <TableRow key={c.name}>
              <TableCell className={classes.nowrap}>
                {c.title ?? c.name}
              </TableCell>
              <TableCell>
                <Typography
                  variant="body2"
                  color={c.state === 'connected' ? 'textPrimary' : 'error'}
                  noWrap
                >
                  {c.state}
                  {c.staleSeconds !== undefined &&
                    ` (data ${formatDuration(c.staleSeconds)} old)`}
                </Typography>
                {c.lastError && (
                  <Typography variant="caption" color="textSecondary">
                    {c.lastError}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{c.esoApiVersion}</TableCell>
              {secretSyncStatuses.map(s => (
                <TableCell key={s} align="right">
                  {c.counts[s]}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
