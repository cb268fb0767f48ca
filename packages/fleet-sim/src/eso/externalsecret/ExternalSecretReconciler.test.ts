import { validateEsoObject } from '../../kube/schema/esoSchemas';
import { RESOURCES } from '../constants';
import { ownerLabelValue, resourceVersionOf, secretDataHash } from '../hashes';
import {
  clusterStore,
  type EsoHarness,
  externalSecret,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const ES = RESOURCES.externalSecrets;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('ExternalSecret sync', () => {
  let h: EsoHarness;
  beforeEach(async () => {
    h = await startEsoHarness();
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    h.store.create(
      RESOURCES.clusterSecretStores,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 's3cret', user: 'app', nested: { host: 'db.local' } },
    });
    await h.advance(0);
  });
  afterEach(() => h.stop());

  const es = (name: string) => h.store.get(ES, 'payments', name)!;
  const secret = (name: string) =>
    h.store.get(RESOURCES.secrets, 'payments', name);

  it('creates the target Secret the way ESO does and reports SecretSynced', async () => {
    h.store.create(
      ES,
      externalSecret(
        'db',
        {},
        { labels: { 'backstage.io/kubernetes-id': 'payments-api' } },
      ),
    );
    const start = h.clock.nowRfc3339();
    await h.advance(0);
    const s = secret('db')!;
    const obj = es('db');
    expect(s.data).toEqual({ password: b64('s3cret') });
    expect(s.type).toBe('Opaque');
    expect(s.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'payments-api',
      'reconcile.external-secrets.io/created-by': ownerLabelValue(
        'payments',
        'db',
      ),
      'reconcile.external-secrets.io/managed': 'true',
    });
    expect(s.metadata.annotations).toEqual({
      'reconcile.external-secrets.io/data-hash': secretDataHash(s.data as any),
    });
    expect(s.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        name: 'db',
        uid: obj.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(obj.metadata.finalizers).toEqual([
      'externalsecrets.external-secrets.io/externalsecret-cleanup',
    ]);
    expect(obj.status).toEqual({
      refreshTime: start,
      syncedResourceVersion: resourceVersionOf(obj.metadata),
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: start,
        },
      ],
      binding: { name: 'db' },
    });
    expect(validateEsoObject(obj)).toEqual({ valid: true, errors: [] });
    expect(h.events('db', 'Created')[0]).toMatchObject({
      type: 'Normal',
      message: 'secret created',
    });
    // the target Secret's creation re-enqueues the ES; that skip pass requeues from the stored
    // (second-precision) refreshTime, and the earliest due time wins
    expect(h.eso.queues.externalSecrets.dueAt('payments/db')).toBe(
      Date.parse(start) + 3_600_000,
    );
  });

  it('extracts whole secrets, nested properties and Vault metadata into template annotations', async () => {
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v2', user: 'app', nested: { host: 'db.local' } },
      customMetadata: { owner: 'team-payments' },
    });
    h.store.create(
      ES,
      externalSecret('full', {
        data: [
          {
            secretKey: 'host',
            remoteRef: { key: 'payments/db', property: 'nested.host' },
          },
          {
            secretKey: 'version',
            remoteRef: {
              key: 'payments/db',
              metadataPolicy: 'Fetch',
              property: 'current_version',
            },
          },
          {
            secretKey: 'owner',
            remoteRef: {
              key: 'payments/db',
              metadataPolicy: 'Fetch',
              property: 'owner',
            },
          },
        ],
        dataFrom: [{ extract: { key: 'payments/db' } }],
        target: {
          name: 'full',
          template: {
            mergePolicy: 'Merge',
            metadata: {
              annotations: {
                'vault.example.com/version': '{{ .version }}',
                'vault.example.com/owner': '{{ .owner }}',
              },
            },
          },
        },
      }),
    );
    await h.advance(0);
    const s = secret('full')!;
    const decoded = Object.fromEntries(
      Object.entries(s.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    expect(decoded).toEqual({
      password: 'v2',
      user: 'app',
      nested: '{"host":"db.local"}',
      host: 'db.local',
      version: '2',
      owner: 'team-payments',
    });
    expect(s.metadata.annotations).toMatchObject({
      'vault.example.com/version': '2',
      'vault.example.com/owner': 'team-payments',
    });
  });

  it('reads a pinned version with ?version= and keeps it after a rotation', async () => {
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'rotated' },
    });
    h.store.create(
      ES,
      externalSecret('pinned', {
        data: [
          {
            secretKey: 'password',
            remoteRef: {
              key: 'payments/db',
              property: 'password',
              version: '1',
            },
          },
        ],
      }),
    );
    await h.advance(0);
    expect(secret('pinned')!.data).toEqual({ password: b64('s3cret') });
  });

  it('fails a missing key with "Secret does not exist" and a Warning UpdateFailed event', async () => {
    h.store.create(
      ES,
      externalSecret('missing', {
        data: [
          {
            secretKey: 'password',
            remoteRef: { key: 'payments/nope', property: 'password' },
          },
        ],
      }),
    );
    await h.advance(0);
    const obj = es('missing');
    expect(obj.status).toEqual({
      refreshTime: null,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'SecretSyncedError',
          message: 'could not get secret data from provider',
          lastTransitionTime: h.clock.nowRfc3339(),
        },
      ],
      binding: { name: '' }, // Go writes {} and the API server applies the CRD default
    });
    expect(validateEsoObject(obj)).toEqual({ valid: true, errors: [] });
    expect(h.events('missing', 'UpdateFailed')[0]).toMatchObject({
      type: 'Warning',
      message:
        'error processing spec.data[0] (key: payments/nope), err: Secret does not exist',
    });
    expect(secret('missing')).toBeUndefined();
  });

  it('reports Vault permission errors verbatim', async () => {
    h.vault.engine.writePolicy({
      name: 'nothing',
      policy: 'path "secret/data/other/*" { capabilities = ["read"] }',
    });
    const { token } = h.vault.engine.createToken({ policies: ['nothing'] });
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'weak-token', token),
    );
    h.store.create(RESOURCES.secretStores, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'weak', namespace: 'payments' },
      spec: {
        provider: {
          vault: {
            server: h.vault.url,
            path: 'secret',
            auth: { tokenSecretRef: { name: 'weak-token', key: 'token' } },
          },
        },
      },
    });
    await h.advance(0);
    h.store.create(
      ES,
      externalSecret('denied', {
        secretStoreRef: { kind: 'SecretStore', name: 'weak' },
      }),
    );
    await h.advance(0);
    expect(h.events('denied', 'UpdateFailed')[0].message).toMatch(
      new RegExp(
        `^error processing spec\\.data\\[0\\] \\(key: payments/db\\), err: cannot read secret data from Vault: Error making API request\\.\n\nURL: GET ${h.vault.url}/v1/secret/data/payments/db\nCode: 403\\. Errors:\n\n\\* .*permission denied`,
        's',
      ),
    );
  });

  it('reports SecretMissing (Ready True) for creationPolicy Merge without a target', async () => {
    h.store.create(
      ES,
      externalSecret('merge', {
        target: { name: 'merge', creationPolicy: 'Merge' },
      }),
    );
    await h.advance(0);
    expect(es('merge').status).toMatchObject({
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretMissing',
          message: 'secret will not be created due to CreationPolicy=Merge',
        },
      ],
    });
    expect(secret('merge')).toBeUndefined();
  });

  it('re-syncs a target whose data was edited by hand (data-hash mismatch) and deletes it with deletionPolicy Delete', async () => {
    h.store.create(
      ES,
      externalSecret('db', {
        target: { name: 'db', deletionPolicy: 'Delete' },
      }),
    );
    await h.advance(0);
    h.store.mergePatch(RESOURCES.secrets, 'payments', 'db', {
      data: { password: b64('tampered') },
    });
    await h.advance(0);
    expect(secret('db')!.data).toEqual({ password: b64('s3cret') });
    expect(h.events('db', 'Updated')[0]).toMatchObject({
      message: 'secret updated',
    });
    h.store.delete(ES, 'payments', 'db');
    await h.advance(0);
    expect(secret('db')).toBeUndefined();
    expect(h.store.get(ES, 'payments', 'db')).toBeUndefined();
  });
});
