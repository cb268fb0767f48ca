import {
  projectExternalSecret,
  projectSecretMeta,
  projectWarningEvent,
} from './projections';

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

describe('projectWarningEvent', () => {
  const involved = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    name: 'vault',
  };

  it('keeps how often and since when a core/v1 Event was seen', () => {
    expect(
      projectWarningEvent({
        type: 'Warning',
        involvedObject: involved,
        reason: 'InvalidProviderConfig',
        message: 'connection refused',
        firstTimestamp: '2026-01-01T11:00:00Z',
        lastTimestamp: '2026-01-01T12:00:00Z',
        count: 17,
        metadata: { creationTimestamp: '2026-01-01T11:00:00Z' },
      }),
    ).toEqual({
      objectKey: 'ClusterSecretStore//vault',
      reason: 'InvalidProviderConfig',
      message: 'connection refused',
      at: '2026-01-01T12:00:00Z',
      firstAt: '2026-01-01T11:00:00Z',
      count: 17,
    });
  });

  it('reads an events.k8s.io-style Event from its series and eventTime', () => {
    expect(
      projectWarningEvent({
        type: 'Warning',
        regarding: involved,
        reason: 'InvalidProviderConfig',
        note: 'sealed',
        eventTime: '2026-01-01T11:00:00.000000Z',
        series: { count: 4, lastObservedTime: '2026-01-01T11:30:00.000000Z' },
        metadata: {},
      }),
    ).toMatchObject({
      message: 'sealed',
      at: '2026-01-01T11:30:00.000000Z',
      firstAt: '2026-01-01T11:00:00.000000Z',
      count: 4,
    });
  });

  it('counts an Event without a count once, and skips Normal ones', () => {
    expect(
      projectWarningEvent({
        type: 'Warning',
        involvedObject: involved,
        message: 'x',
        metadata: { creationTimestamp: '2026-01-01T11:00:00Z' },
      }),
    ).toMatchObject({ count: 1, at: '2026-01-01T11:00:00Z' });
    expect(
      projectWarningEvent({ type: 'Normal', involvedObject: involved }),
    ).toBeUndefined();
  });
});
