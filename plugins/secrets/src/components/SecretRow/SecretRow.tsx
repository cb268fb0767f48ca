import { memo } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { ExternalSecretRow } from '@internal/plugin-secrets-common';
import { describeForceSync, describeNoRefresh } from '../../lib/status';
import { formatClock, formatExact, formatRelative } from '../../lib/time';
import { StatusChip } from '../StatusChip';
import { ConsumersCell } from './ConsumersCell';
import { StoreCell } from './StoreCell';

/** Props of {@link SecretRow}. */
export interface SecretRowProps {
  row: ExternalSecretRow;
  /** When the data was generated: relative times are computed against it, so rows stay memoisable. */
  now: number;
}

function LastSync(props: { row: ExternalSecretRow; now: number }) {
  const { lastSyncAt } = props.row;
  if (!lastSyncAt) return <Typography variant="body2">Never</Typography>;
  return (
    <Tooltip title={formatExact(lastSyncAt)}>
      <Typography variant="body2" tabIndex={0}>
        {formatRelative(lastSyncAt, props.now)}
      </Typography>
    </Tooltip>
  );
}

function NextRefresh(props: { row: ExternalSecretRow }) {
  const { nextRefreshAt } = props.row;
  if (!nextRefreshAt) {
    return (
      <Typography variant="body2">{describeNoRefresh(props.row)}</Typography>
    );
  }
  return (
    <Tooltip title={formatExact(nextRefreshAt)}>
      <Typography variant="body2" tabIndex={0}>
        takes effect by ~{formatClock(nextRefreshAt)}
      </Typography>
    </Tooltip>
  );
}

/** One ExternalSecret in one cluster. Memoised: filtering re-renders only rows that change. */
export const SecretRow = memo(function SecretRowView(props: SecretRowProps) {
  const { row, now } = props;
  const cause = row.cause ?? row.condition?.message;
  return (
    <TableRow>
      <TableCell style={{ whiteSpace: 'nowrap' }}>{row.cluster}</TableCell>
      <TableCell>
        <Typography variant="body2">{row.name}</Typography>
        <Typography variant="caption" color="textSecondary">
          {row.namespace}
        </Typography>
        {row.pushedBy.map(p => (
          <Typography
            key={`${p.namespace}/${p.name}`}
            variant="caption"
            display="block"
            color="error"
          >
            PushSecret {p.namespace}/{p.name} writes this Vault key and
            overwrites rotations
          </Typography>
        ))}
      </TableCell>
      <TableCell>
        <StoreCell store={row.store} />
      </TableCell>
      <TableCell>
        <StatusChip status={row.status} cause={cause} />
        {row.status !== 'Synced' && cause && (
          <Typography variant="caption" display="block" color="textSecondary">
            {cause}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <LastSync row={row} now={now} />
      </TableCell>
      <TableCell>
        <NextRefresh row={row} />
      </TableCell>
      <TableCell>
        <Typography
          variant="caption"
          color={row.forceSync.supported ? 'textPrimary' : 'textSecondary'}
        >
          {describeForceSync(row)}
        </Typography>
      </TableCell>
      <TableCell>{row.target.vaultVersion ?? 'unknown'}</TableCell>
      <TableCell>
        <ConsumersCell consumers={row.consumers} />
      </TableCell>
    </TableRow>
  );
});
