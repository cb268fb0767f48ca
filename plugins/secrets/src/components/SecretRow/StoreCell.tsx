import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type {
  ExternalSecretRow,
  VaultServerHealth,
} from '@internal/plugin-secrets-common';
import { VaultServerState } from '../VaultServers';

const healthWords: Record<string, string> = {
  true: 'ready',
  false: 'not ready',
  unknown: 'health unknown',
};

/** Props of {@link StoreCell}. */
export interface StoreCellProps {
  store: ExternalSecretRow['store'];
  /** Health of the Vault server the store points at, when the backend knows it. */
  vaultServer?: VaultServerHealth;
}

/**
 * Store name, its Ready condition and its Vault server's health: "not ready" next to "Vault
 * active" is the stuck store that only waits for ESO's retry. The store's error on hover; the
 * full cause is in the row's detail line.
 */
export function StoreCell(props: StoreCellProps) {
  const { store } = props;
  const health = healthWords[String(store.health.ready)];
  const detail =
    store.health.cause ?? store.health.message ?? store.health.reason;
  return (
    <>
      <Typography variant="body2">
        {store.kind === 'ClusterSecretStore' ? 'ClusterSecretStore ' : ''}
        {store.name}
      </Typography>
      <Tooltip title={detail ?? health}>
        <Typography
          variant="caption"
          display="block"
          color={store.health.ready === false ? 'error' : 'textSecondary'}
          tabIndex={detail ? 0 : undefined}
        >
          {health}
          {store.health.ready !== true && store.health.reason
            ? ` (${store.health.reason})`
            : ''}
        </Typography>
      </Tooltip>
      {props.vaultServer && store.health.ready !== true && (
        <VaultServerState server={props.vaultServer} />
      )}
    </>
  );
}
