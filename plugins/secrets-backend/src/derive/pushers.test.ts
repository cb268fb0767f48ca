import { ClusterData } from '../cluster/ClusterData';
import type {
  ExternalSecretProjection,
  PushSecretProjection,
  StoreProjection,
} from '../cluster/projections';
import { pusherInputs, pushersOf } from './pushers';

const store = (
  name: string,
  vault: StoreProjection['vault'],
): StoreProjection => ({
  kind: 'ClusterSecretStore',
  name,
  vault,
  ready: { status: 'True' },
});

const es: ExternalSecretProjection = {
  namespace: 'payments',
  name: 'db',
  labels: {},
  storeRef: { kind: 'ClusterSecretStore', name: 'mounted' },
  refreshPolicy: 'Periodic',
  targetName: 'db',
  vaultRefs: [{ key: 'payments/db', property: 'password' }],
};

const push = (
  name: string,
  storeName: string,
  remoteKey: string,
): PushSecretProjection => ({
  namespace: 'ci',
  name,
  storeRefs: [{ kind: 'ClusterSecretStore', name: storeName }],
  remoteKeys: [remoteKey],
});

function cluster(...pushSecrets: PushSecretProjection[]) {
  const data = new ClusterData();
  // the same mount, addressed with and without the store's path
  data.clusterStores.upsert(
    '/mounted',
    store('mounted', { server: 'https://vault:8200', path: 'secret' }),
  );
  data.clusterStores.upsert(
    '/root',
    store('root', { server: 'https://vault:8200/' }),
  );
  data.clusterStores.upsert(
    '/other-vault',
    store('other-vault', { server: 'https://vault-2:8200', path: 'secret' }),
  );
  for (const ps of pushSecrets) data.pushSecrets.upsert(ps.name, ps);
  return data;
}

const names = (list: PushSecretProjection[]) => list.map(p => p.name).sort();

describe('pushersOf', () => {
  it('finds PushSecrets writing the same Vault secret through any store', () => {
    const data = cluster(
      push('same-store', 'mounted', 'payments/db'),
      push('other-store', 'root', 'secret/payments/db'),
      push('kv2-api-path', 'root', 'secret/data/payments/db'),
      push('other-server', 'other-vault', 'payments/db'),
      push('other-key', 'mounted', 'payments/api'),
      push('other-folder', 'mounted', 'search/db'),
      push('missing-store', 'nowhere', 'payments/db'),
    );
    expect(names(pushersOf(data, es))).toEqual([
      'kv2-api-path',
      'other-store',
      'same-store',
    ]);
  });

  it('finds nothing when the ExternalSecret’s store is unknown', () => {
    const data = cluster(push('same-store', 'mounted', 'payments/db'));
    expect(
      pushersOf(data, {
        ...es,
        storeRef: { kind: 'ClusterSecretStore', name: 'gone' },
      }),
    ).toEqual([]);
  });

  it('names the PushSecrets and stores it read, for cache invalidation', () => {
    const candidate = push('other-store', 'root', 'secret/payments/db');
    const data = cluster(candidate, push('unrelated', 'mounted', 'x/y'));
    expect(pusherInputs(data, es)).toEqual([
      candidate,
      data.store('ClusterSecretStore//root'),
    ]);
  });
});
