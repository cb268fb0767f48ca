import { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { externalSecretsReading } from './vaultReaders';

function externalSecret(
  name: string,
  store: string,
  key: string,
): ExternalSecretProjection {
  return {
    namespace: 'payments',
    name,
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: store },
    refreshPolicy: 'Periodic',
    targetName: name,
    vaultRefs: [
      { key: 'unrelated/config', property: 'url' },
      { key, property: 'password' },
    ],
  };
}

function cluster() {
  const data = new ClusterData();
  const store = (name: string, server: string, path?: string) =>
    data.clusterStores.upsert(`/${name}`, {
      kind: 'ClusterSecretStore',
      name,
      vault: { server, path },
    });
  store('mounted', 'https://vault:8200', 'secret');
  store('root', 'https://vault:8200/');
  store('other-vault', 'https://vault-2:8200', 'secret');
  for (const es of [
    externalSecret('through-mount', 'mounted', 'payments/db'),
    externalSecret('through-root', 'root', 'secret/payments/db'),
    externalSecret('other-server', 'other-vault', 'payments/db'),
    externalSecret('other-folder', 'mounted', 'search/db'),
    externalSecret('no-store', 'gone', 'payments/db'),
  ])
    data.externalSecrets.upsert(`payments/${es.name}`, es);
  return data;
}

const secret = {
  server: 'https://vault:8200',
  mount: 'secret',
  kvVersion: 'v2' as const,
  key: 'payments/db',
};

describe('externalSecretsReading', () => {
  it('finds every ExternalSecret reading a Vault secret, through any store', () => {
    expect(
      externalSecretsReading(cluster(), secret)
        .map(es => es.name)
        .sort(),
    ).toEqual(['through-mount', 'through-root']);
  });

  it('follows a store that now points elsewhere', () => {
    const data = cluster();
    data.clusterStores.upsert('/root', {
      kind: 'ClusterSecretStore',
      name: 'root',
      vault: { server: 'https://vault-2:8200' },
    });
    expect(externalSecretsReading(data, secret).map(es => es.name)).toEqual([
      'through-mount',
    ]);
  });

  it('finds nothing for a key nobody reads', () => {
    expect(
      externalSecretsReading(cluster(), { ...secret, key: 'payments/none' }),
    ).toEqual([]);
  });
});
