import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import type { ExternalVaultChange } from '@secrets-plugin/plugin-secrets-common';
import { formatExact, formatRelative } from '../../lib/time';
import { useTableStyles } from '../tableStyles';

/**
 * A Vault version no rotation of the plugin wrote: only what Vault's metadata tells (the version
 * and when), so who, why and how long are not known, and nothing can be opened or rolled back
 * from it.
 */
export function ExternalChangeRow(props: {
  item: ExternalVaultChange;
  now: number;
  /** Set in the entity-wide history, which mixes keys. */
  keyLabel?: string;
}) {
  const { item, now } = props;
  const classes = useTableStyles();
  let gone = '';
  if (item.destroyed) gone = ' (destroyed)';
  else if (item.deletedAt) gone = ' (deleted)';
  return (
    <TableRow data-external="true">
      <TableCell className={classes.nowrap}>
        <Tooltip title={formatExact(item.createdAt)}>
          <span>{formatRelative(item.createdAt, now)}</span>
        </Tooltip>
      </TableCell>
      {props.keyLabel !== undefined && <TableCell>{props.keyLabel}</TableCell>}
      <TableCell>outside the plugin</TableCell>
      <TableCell>—</TableCell>
      <TableCell>
        <Chip
          size="small"
          variant="outlined"
          label="External change"
          title="This Vault version was written outside the plugin"
        />
      </TableCell>
      <TableCell>—</TableCell>
      <TableCell>
        {item.version}
        {gone}
      </TableCell>
      <TableCell />
    </TableRow>
  );
}
