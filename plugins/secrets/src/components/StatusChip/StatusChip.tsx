import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { SecretSyncStatus } from '@secrets-plugin/plugin-secrets-common';
import { statusLabel } from '../../lib/status';

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  status: SecretSyncStatus;
  /** The real cause, shown on hover and focus. */
  cause?: string;
  count?: number;
}

const colour: Record<SecretSyncStatus, 'primary' | 'secondary' | 'default'> = {
  Synced: 'primary',
  Error: 'secondary',
  StoreNotReady: 'secondary',
  Missing: 'secondary',
  Stale: 'default',
  Pending: 'default',
};

/** A status chip; focusable so keyboard users reach the cause too. */
export function StatusChip(props: StatusChipProps) {
  const label =
    props.count === undefined
      ? statusLabel[props.status]
      : `${statusLabel[props.status]}: ${props.count}`;
  const chip = (
    <Chip
      size="small"
      label={label}
      color={colour[props.status]}
      variant={props.status === 'Synced' ? 'outlined' : 'default'}
      tabIndex={props.cause ? 0 : undefined}
      aria-label={props.cause ? `${label}: ${props.cause}` : label}
    />
  );
  return props.cause ? <Tooltip title={props.cause}>{chip}</Tooltip> : chip;
}
