import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { VaultServerHealth } from '@secrets-plugin/plugin-secrets-common';
import { formatExact, formatRelative } from '../../lib/time';
import { isVaultServing, vaultStateLabel } from '../../lib/vaultHealth';

/** "Vault server vault-main: active since 5m ago", in one caption line. */
export function VaultServerState(props: {
  server: VaultServerHealth;
  now?: number;
}) {
  const { server } = props;
  const serving = isVaultServing(server.state);
  const since = server.since
    ? ` since ${formatRelative(server.since, props.now)}`
    : '';
  const checked = server.checkedAt
    ? `Checked ${formatExact(server.checkedAt)}.`
    : 'Not checked yet.';
  return (
    <Tooltip
      title={`${server.url}. ${checked}${
        server.message ? ` ${server.message}` : ''
      }`}
    >
      <Typography
        variant="caption"
        display="block"
        color={serving ? 'textSecondary' : 'error'}
        tabIndex={0}
      >
        Vault server {server.name}: {vaultStateLabel(server.state)}
        {since}
      </Typography>
    </Tooltip>
  );
}
