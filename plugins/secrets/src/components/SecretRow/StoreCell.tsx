import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { ExternalSecretRow } from '@internal/plugin-secrets-common';

const healthWords: Record<string, string> = {
  true: 'ready',
  false: 'not ready',
  unknown: 'health unknown',
};

/** Store name and its Ready condition; the store's error on hover. */
export function StoreCell(props: { store: ExternalSecretRow['store'] }) {
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
          color={store.health.ready === false ? 'error' : 'textSecondary'}
          tabIndex={detail ? 0 : undefined}
        >
          {health}
          {detail && store.health.ready !== true ? `: ${detail}` : ''}
        </Typography>
      </Tooltip>
    </>
  );
}
