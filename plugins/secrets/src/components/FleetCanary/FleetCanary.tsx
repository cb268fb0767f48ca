import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  ClusterCanary,
  FleetCluster,
} from '@secrets-plugin/plugin-secrets-common';
import { formatExact, formatRelative } from '../../lib/time';
import { useTableStyles } from '../tableStyles';

/** Props of {@link FleetCanary}. */
export interface FleetCanaryProps {
  clusters: FleetCluster[];
  now: number;
}

/** Sub-second latencies are the norm: "0.4s", not a misleading "0s". */
function latency(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(1)}s` : `${Math.round(seconds)}s`;
}

function outcome(c: ClusterCanary): string {
  if (c.outcome === 'succeeded') return 'Succeeded';
  return `${c.outcome === 'failed' ? 'Failed' : 'Timed out'}${
    c.reason ? `: ${c.reason}` : ''
  }`;
}

/**
 * End-to-end propagation per cluster from the latest canary probe: a fresh value written to the
 * canary Vault path until the canary ExternalSecret's target Secret changed in that cluster.
 * What a real rotation should expect, measured before one is needed.
 */
export function FleetCanary(props: FleetCanaryProps) {
  const classes = useTableStyles();
  if (!props.clusters.some(c => c.canary))
    return (
      <Typography variant="body2" color="textSecondary" role="status">
        No canary has probed a cluster yet (configure secrets.canary to measure
        propagation before a rotation needs it).
      </Typography>
    );
  return (
    <div className={classes.scroll}>
      <Table
        size="small"
        aria-label="Canary propagation per cluster"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell align="right">Latest propagation</TableCell>
            <TableCell>Probed</TableCell>
            <TableCell>Outcome</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.clusters.map(c => (
            <TableRow key={c.name}>
              <TableCell className={classes.nowrap}>
                {c.title ?? c.name}
              </TableCell>
              <TableCell align="right">
                {c.canary?.propagationSeconds !== undefined
                  ? latency(c.canary.propagationSeconds)
                  : '—'}
              </TableCell>
              <TableCell>
                {c.canary ? (
                  <span title={formatExact(c.canary.at)}>
                    {formatRelative(c.canary.at, props.now)}
                  </span>
                ) : (
                  'not probed yet'
                )}
              </TableCell>
              <TableCell>
                {c.canary && (
                  <Typography
                    variant="body2"
                    color={
                      c.canary.outcome === 'succeeded' ? 'textPrimary' : 'error'
                    }
                  >
                    {outcome(c.canary)}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
