import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { VaultServerHealth } from '@secrets-plugin/plugin-secrets-common';
import { formatExact, formatRelative } from '../../lib/time';
import { isVaultServing, vaultStateLabel } from '../../lib/vaultHealth';
import { useTableStyles } from '../tableStyles';

/** Props of {@link VaultServersTable}. */
export interface VaultServersTableProps {
  servers: VaultServerHealth[];
  now?: number;
}

function Time(props: { iso?: string; now?: number }) {
  if (!props.iso) return <>—</>;
  return (
    <Tooltip title={formatExact(props.iso)}>
      <span>{formatRelative(props.iso, props.now)}</span>
    </Tooltip>
  );
}

/**
 * The configured Vault servers as the backend last saw them (`sys/health`): tells "Vault is
 * down" from "Vault is fine again, ESO has not retried yet".
 */
export function VaultServersTable(props: VaultServersTableProps) {
  const classes = useTableStyles();
  return (
    <Table size="small" aria-label="Vault servers" className={classes.table}>
      <TableHead>
        <TableRow>
          <TableCell>Server</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Since</TableCell>
          <TableCell>Checked</TableCell>
          <TableCell>URL</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.servers.map(s => (
          <TableRow key={s.name}>
            <TableCell className={classes.nowrap}>{s.name}</TableCell>
            <TableCell className={classes.nowrap}>
              <Typography
                variant="body2"
                color={isVaultServing(s.state) ? 'textPrimary' : 'error'}
              >
                {vaultStateLabel(s.state)}
              </Typography>
              {s.message && (
                <Typography variant="caption" color="textSecondary">
                  {s.message}
                </Typography>
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              <Time iso={s.since} now={props.now} />
            </TableCell>
            <TableCell className={classes.nowrap}>
              <Time iso={s.checkedAt} now={props.now} />
            </TableCell>
            <TableCell>
              <Typography variant="caption" color="textSecondary">
                {s.url}
              </Typography>
            </TableCell>
          </TableRow>
        ))}
        {props.servers.length === 0 && (
          <TableRow>
            <TableCell colSpan={5}>No Vault server is configured.</TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
