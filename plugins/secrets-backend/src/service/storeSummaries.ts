import type {
  StoreAdvice,
  StoreHealth,
  StoreSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { objectKey, type StoreProjection } from '../cluster/projections';
import type { ClusterWatch } from '../cluster/ClusterWatch';
import { storeKey } from '../cluster/ClusterData';
import { nextBackoffRetry } from '../derive/backoff';
import { storeAdvice } from '../derive/storeAdvice';
import { storeHealth } from '../derive/storeHealth';
import type { VaultHealthSource } from '../vault/VaultHealthMonitor';

/** Every store of a cluster with its health, its Vault server and, when not Ready, the advice. */
export function storeSummaries(
  watch: ClusterWatch,
  vaultHealth: VaultHealthSource,
  now: number,
): StoreSummary[] {
  const { data } = watch;
  return data.allStores().map(store => {
    const health = storeHealth(data, store);
    const vault = vaultHealth.forUrl(store.vault?.server);
    const summary: StoreSummary = {
      cluster: watch.config.name,
      kind: store.kind,
      name: store.name,
      namespace: store.namespace,
      health,
      dependents: data.externalSecrets.countBy(
        'store',
        storeKey(store.kind, store.namespace, store.name),
      ),
      vaultServer: store.vault?.server,
      vaultServerName: vault?.name,
    };
    if (health.ready !== true)
      summary.advice = adviceFor(watch, store, health, vaultHealth, now);
    return summary;
  });
}

/** The advice for one store that is not Ready: the fleet page and the entity tab say the same. */
export function adviceFor(
  watch: ClusterWatch,
  store: StoreProjection,
  health: StoreHealth,
  vaultHealth: VaultHealthSource,
  now: number,
): StoreAdvice | undefined {
  return storeAdvice({
    health,
    vaultStore: Boolean(store.vault),
    vault: vaultHealth.forUrl(store.vault?.server),
    nextRetryAt: nextBackoffRetry(
      watch.data.warnings.latest(
        objectKey(store.kind, store.namespace, store.name),
      ),
      store.ready,
    ),
    now,
  });
}
