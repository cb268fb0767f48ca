import { projectExternalSecret, projectSecretMeta } from './projections';

const raw = (spec: Record<string, unknown>) => ({
  metadata: { namespace: 'ns', name: 'es', labels: { app: 'x' } },
  spec: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
    ...spec,
  },
  status: {
    refreshTime: '2026-01-01T00:00:00Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  },
});

describe('projectExternalSecret', () => {
  it('keeps each Vault reference: keys, extracts and finds', () => {
    const es = projectExternalSecret(
      raw({
        data: [
          {
            secretKey: 'pw',
            remoteRef: { key: 'app/db', property: 'password', version: '3' },
          },
        ],
        dataFrom: [
          { extract: { key: 'app/api' } },
          { find: { path: 'app', name: { regexp: '^db-' } } },
          { find: { tags: { team: 'payments' } } },
          { sourceRef: { generatorRef: { kind: 'Password', name: 'pw' } } },
        ],
      }),
    );
    expect(es.vaultRefs).toEqual([
      { key: 'app/db', property: 'password', version: '3' },
      { key: 'app/api', version: undefined, extract: true },
      { key: 'app', find: 'name ~ ^db-' },
      { key: '', find: 'tags team=payments' },
    ]);
    expect(es.ready).toEqual({
      status: 'True',
      reason: 'SecretSynced',
      message: 'secret synced',
      since: '2026-01-01T00:00:00Z',
    });
    expect(es.storeRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
  });
});

describe('projectSecretMeta', () => {
  it('keeps names, the data hash and a Vault version annotation, never data', () => {
    const meta = projectSecretMeta({
      metadata: {
        namespace: 'ns',
        name: 's',
        annotations: {
          'reconcile.external-secrets.io/data-hash': 'h',
          'secrets.example.com/vault-version': '7',
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{}}',
        },
      },
      data: { password: 'aHVudGVyMg==' },
    });
    expect(meta).toEqual({
      namespace: 'ns',
      name: 's',
      dataHash: 'h',
      vaultVersion: '7',
    });
  });
});
