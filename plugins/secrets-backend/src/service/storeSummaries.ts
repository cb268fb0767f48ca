import type { StoreSummary } from '@internal/plugin-secrets-common';
import { objectKey } from '../cluster/projections';
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
      summary.advice = storeAdvice({
        health,
        vaultStore: Boolean(store.vault),
        vault,
        nextRetryAt: nextBackoffRetry(
          data.warnings.latest(
            objectKey(store.kind, store.namespace, store.name),
          ),
          store.ready,
        ),
        now,
      });
    return summary;
  });
}
