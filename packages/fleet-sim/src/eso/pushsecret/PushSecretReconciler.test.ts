import { validateEsoObject } from '../../kube/schema/esoSchemas';
import { RESOURCES } from '../constants';
import {
  clusterStore,
  type EsoHarness,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const PS = RESOURCES.pushSecrets;

describe('PushSecret to Vault', () => {
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
    h.store.create(RESOURCES.secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'signing-key', namespace: 'payments' },
      data: { key: Buffer.from('k1').toString('base64') },
    });
    await h.advance(0);
  });
  afterEach(() => h.stop());

  const push = (remoteKey: string, refreshInterval = '1h') =>
    h.store.create(PS, {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'PushSecret',
      metadata: { name: 'signing-key', namespace: 'payments' },
      spec: {
        refreshInterval,
        secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'vault' }],
        selector: { secret: { name: 'signing-key' } },
        data: [
          {
            match: {
              secretKey: 'key',
              remoteRef: { remoteKey, property: 'key' },
            },
          },
        ],
      },
    });
  const ready = () =>
    (h.store.get(PS, 'payments', 'signing-key')!.status as any).conditions[0];

  it('writes KV v2 with custom_metadata managed-by and reports Synced', async () => {
    push('payments/signing-key');
    await h.advance(0);
    expect(
      h.vault.engine.readSecret({
        mount: 'secret',
        path: 'payments/signing-key',
      }),
    ).toMatchObject({
      data: { key: 'k1' },
      customMetadata: { 'managed-by': 'external-secrets' },
    });
    expect(ready()).toMatchObject({
      status: 'True',
      reason: 'Synced',
      message: 'PushSecret synced successfully',
    });
    const ps = h.store.get(PS, 'payments', 'signing-key')!;
    expect((ps.status as any).syncedPushSecrets).toEqual({
      'ClusterSecretStore/vault': {
        'payments/signing-key/key': {
          match: {
            secretKey: 'key',
            remoteRef: { remoteKey: 'payments/signing-key', property: 'key' },
          },
          conversionStrategy: 'None',
        },
      },
    });
    expect(validateEsoObject(ps)).toEqual({ valid: true, errors: [] });
  });

  it('refuses to overwrite a Vault secret it does not manage', async () => {
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/hand-made',
      data: { key: 'mine' },
    });
    push('payments/hand-made');
    await h.advance(0);
    const message =
      'set secret failed: could not write remote ref key to target secretstore vault: secret not managed by external-secrets';
    expect(ready()).toMatchObject({
      status: 'False',
      reason: 'Errored',
      message,
    });
    expect(h.events('signing-key', 'Errored')[0]).toMatchObject({
      type: 'Warning',
      message,
    });
    expect(
      h.vault.engine.readSecret({
        mount: 'secret',
        path: 'payments/hand-made',
      })!.data,
    ).toEqual({ key: 'mine' });
  });

  it('pushes again on a bump even with refreshInterval 0', async () => {
    push('payments/signing-key', '0s');
    await h.advance(0);
    h.store.mergePatch(RESOURCES.secrets, 'payments', 'signing-key', {
      data: { key: Buffer.from('k2').toString('base64') },
    });
    await h.advance(3_600_000);
    expect(
      h.vault.engine.readSecret({
        mount: 'secret',
        path: 'payments/signing-key',
      })!.data,
    ).toEqual({ key: 'k1' });
    h.store.mergePatch(PS, 'payments', 'signing-key', {
      metadata: { annotations: { 'force-sync': '1' } },
    });
    await h.advance(0);
    expect(
      h.vault.engine.readSecret({
        mount: 'secret',
        path: 'payments/signing-key',
      })!.data,
    ).toEqual({ key: 'k2' });
  });
});
