import Button from '@material-ui/core/Button';
import { LazyTooltip } from './LazyTooltip';
import { RowText } from './RowText';
import type {
  ExternalSecretRow,
  StoreAdvice,
  StoreRef,
  VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { storeLabel } from '../../lib/labels';
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
  /** The backend's advice for a store that is not Ready (the fleet page's sentence). */
  advice?: StoreAdvice;
  /** Absent when the user may not revalidate stores. */
  onRevalidate?: (stores: StoreRef[]) => void;
}

function storeRef(store: ExternalSecretRow['store']): StoreRef {
  const { cluster, kind, name, namespace } = store;
  return { cluster, kind, name, namespace };
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
  const { advice } = props;
  // only where the backend says a Revalidate helps: never for rejected credentials or a down Vault
  const revalidateHelps =
    store.health.ready !== true && advice?.action === 'revalidate';
  return (
    <>
      <LazyTooltip title={`${store.kind} ${store.name}`}>
        <RowText variant="body2" tabIndex={0} noWrap>
          {store.name}
        </RowText>
      </LazyTooltip>
      <LazyTooltip title={detail ?? health}>
        <RowText
          variant="caption"
          display="block"
          color={store.health.ready === false ? 'error' : 'textSecondary'}
          tabIndex={detail ? 0 : undefined}
        >
          {store.kind === 'ClusterSecretStore' ? 'cluster store, ' : ''}
          {health}
          {store.health.ready !== true && store.health.reason
            ? ` (${store.health.reason})`
            : ''}
        </RowText>
      </LazyTooltip>
      {props.vaultServer && store.health.ready !== true && (
        <VaultServerState server={props.vaultServer} />
      )}
      {store.health.ready !== true && advice && (
        <RowText variant="caption" display="block" color="textSecondary">
          {advice.message}
          {revalidateHelps && !props.onRevalidate
            ? ' (Revalidate is for the platform team.)'
            : ''}
        </RowText>
      )}
      {revalidateHelps && props.onRevalidate && (
        <Button
          size="small"
          variant="outlined"
          aria-label={`Revalidate ${storeLabel(store)}`}
          onClick={() => props.onRevalidate!([storeRef(store)])}
        >
          Revalidate
        </Button>
      )}
    </>
  );
}
