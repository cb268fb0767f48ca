import { memo, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  ExternalSecretRow,
  VaultCoordinates,
} from '@internal/plugin-secrets-common';
import { describeVaultKey } from '../../lib/vault';
import { SecretRow } from '../SecretRow';

/** Props of {@link SecretGroupTable}. */
export interface SecretGroupTableProps {
  vault: VaultCoordinates;
  rows: ExternalSecretRow[];
  now: number;
  /** Per-key actions (the place a Rotate button goes once rotation exists). */
  actions?: ReactNode;
}

const COLUMNS = [
  'Cluster',
  'ExternalSecret',
  'Store',
  'Status',
  'Last sync',
  'Next refresh',
  'Force-sync',
  'Vault version',
  'Consumers',
];

/** The ExternalSecrets that read one Vault key. */
export const SecretGroupTable = memo(function SecretGroupTableView(
  props: SecretGroupTableProps,
) {
  const title = describeVaultKey(props.vault);
  return (
    <Box component={Paper} mb={2} p={1}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          {title}
        </Typography>
        {props.actions}
      </Box>
      {props.vault.pinnedVersion && (
        <Alert severity="warning">
          Pinned to Vault version {props.vault.pinnedVersion}: a rotation will
          not reach these ExternalSecrets until the pin is changed.
        </Alert>
      )}
      <Table size="small" aria-label={`ExternalSecrets reading ${title}`}>
        <TableHead>
          <TableRow>
            {COLUMNS.map(c => (
              <TableCell key={c}>{c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map(row => (
            <SecretRow
              key={`${row.cluster}/${row.namespace}/${row.name}`}
              row={row}
              now={props.now}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
});
