import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { FleetRotation } from '@secrets-plugin/plugin-secrets-common';
import {
  isFailedTarget,
  rotationDuration,
  rotationStateLabels,
  targetStateLabels,
} from '../../lib/rotation';
import { formatExact, formatRelative } from '../../lib/time';
import { useTableStyles } from '../tableStyles';

/** The rotated key as the fleet names it: "secret/payments-api/db". */
export function fleetKeyLabel(r: FleetRotation): string {
  return `${r.vault.serverName ? `${r.vault.serverName}: ` : ''}${
    r.vault.mount
  }/${r.vault.path}`;
}

/** Props of {@link FleetRotationsTable}. */
export interface FleetRotationsTableProps {
  label: string;
  items: FleetRotation[];
  now: number;
  onOpen: (r: FleetRotation) => void;
}

/** Rotations across the fleet: key, entity, who, state, and each cluster's state and reason. */
export function FleetRotationsTable(props: FleetRotationsTableProps) {
  const classes = useTableStyles();
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label={props.label} className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell>Key</TableCell>
            <TableCell>Entity</TableCell>
            <TableCell>Requested by</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Clusters</TableCell>
            <TableCell>Detail</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(r => (
            <TableRow key={r.id}>
              <TableCell className={classes.nowrap}>
                {fleetKeyLabel(r)}
                {r.kind === 'rollback' && ' (rollback)'}
              </TableCell>
              <TableCell>{r.entityRef}</TableCell>
              <TableCell>{r.requestedBy}</TableCell>
              <TableCell>
                {rotationStateLabels[r.state]}
                {r.versionAfter !== undefined &&
                  ` · v${r.versionBefore ?? '?'} → v${r.versionAfter}`}
              </TableCell>
              <TableCell>
                <span title={formatExact(r.createdAt)}>
                  {formatRelative(r.createdAt, props.now)}
                </span>
                {' · '}
                {rotationDuration(r, props.now)}
              </TableCell>
              <TableCell>
                {r.clusters.length === 0 && (
                  <Typography variant="body2" color="textSecondary">
                    {r.error ?? 'not started in any cluster'}
                  </Typography>
                )}
                {r.clusters.map(c => (
                  <Typography
                    key={c.cluster}
                    variant="body2"
                    color={isFailedTarget(c.state) ? 'error' : 'textPrimary'}
                  >
                    {c.cluster}: {targetStateLabels[c.state]}
                    {c.reason && ` (${c.reason})`}
                  </Typography>
                ))}
              </TableCell>
              <TableCell>
                <Button
                  size="small"
                  aria-label={`Details of the rotation of ${fleetKeyLabel(
                    r,
                  )} for ${r.entityRef}`}
                  onClick={() => props.onOpen(r)}
                >
                  Details
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
