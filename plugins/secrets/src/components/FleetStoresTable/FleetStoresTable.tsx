import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { StoreRef, StoreSummary } from '@internal/plugin-secrets-common';
import { formatExact, formatRelative } from '../../lib/time';

/** Props of {@link FleetStoresTable}. */
export interface FleetStoresTableProps {
  /** Failing first, as the backend sorts them. */
  stores: StoreSummary[];
  /** Absent when the user may not revalidate: the button is then hidden, not disabled. */
  onRevalidate?: (stores: StoreRef[]) => void;
}

export function storeLabel(s: StoreRef): string {
  return `${s.cluster}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

function readiness(s: StoreSummary): string {
  if (s.health.ready === true) return 'Ready';
  if (s.health.ready === false)
    return `Not ready${s.health.reason ? ` (${s.health.reason})` : ''}`;
  return 'Unknown';
}

/** SecretStores and ClusterSecretStores across the fleet, with per-store revalidation. */
export function FleetStoresTable(props: FleetStoresTableProps) {
  const { onRevalidate } = props;
  return (
    <Table size="small" aria-label="Secret stores">
      <TableHead>
        <TableRow>
          <TableCell>Store</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Since</TableCell>
          <TableCell align="right">Dependents</TableCell>
          <TableCell>Cause</TableCell>
          {onRevalidate && <TableCell>Actions</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.stores.map(s => {
          const label = storeLabel(s);
          return (
            <TableRow key={`${s.kind}/${label}`}>
              <TableCell>{label}</TableCell>
              <TableCell>{s.kind}</TableCell>
              <TableCell>
                <Typography
                  variant="body2"
                  color={s.health.ready === false ? 'error' : 'textPrimary'}
                >
                  {readiness(s)}
                </Typography>
              </TableCell>
              <TableCell>
                {s.health.since ? (
                  <Tooltip title={formatExact(s.health.since)}>
                    <span>{formatRelative(s.health.since)}</span>
                  </Tooltip>
                ) : (
                  'unknown'
                )}
              </TableCell>
              <TableCell align="right">{s.dependents}</TableCell>
              <TableCell>{s.health.cause ?? s.health.message ?? ''}</TableCell>
              {onRevalidate && (
                <TableCell>
                  <Button
                    size="small"
                    variant="outlined"
                    aria-label={`Revalidate ${label}`}
                    onClick={() => onRevalidate([s])}
                  >
                    Revalidate
                  </Button>
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
