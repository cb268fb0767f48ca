import type { StoreHealth } from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import { objectKey, type StoreProjection } from '../cluster/projections';
import { causeInfo } from './causeInfo';

/** The store's Ready condition, plus the raw error of its latest Warning event when failing. */
export function storeHealth(
  data: ClusterData,
  store: StoreProjection | undefined,
): StoreHealth {
  if (!store)
    return {
      ready: false,
      reason: 'NotFound',
      message: 'store does not exist',
    };
  const c = store.ready;
  if (!c) return { ready: 'unknown' };
  const ready = c.status === 'True';
  const health: StoreHealth = {
    ready,
    reason: c.reason,
    message: c.message,
    since: c.since,
  };
  if (!ready) {
    const warning = data.warnings.latest(
      objectKey(store.kind, store.namespace, store.name),
    );
    if (warning) {
      health.cause = warning.message;
      // superseded only by a later Ready=True transition, which a store that is not Ready lacks
      health.causeInfo = causeInfo(warning, c, []);
    }
  }
  return health;
}
