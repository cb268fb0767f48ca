import { createHash } from 'node:crypto';
import { RESOURCES } from '../constants';
import {
  clusterStore,
  type EsoHarness,
  externalSecret,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';
import { fieldOwnerFor } from './writeTarget';

/**
 * ESO writes target Secrets as `externalsecrets.external-secrets.io/<es>` (util.go fqdnFor), so
 * the Secret's managedFields name it; a delete that orphans leaves the Secret behind.
 */
describe('fieldOwnerFor', () => {
  it('names the ExternalSecret, or a SHA3-224 of a long name', () => {
    expect(fieldOwnerFor('db')).toBe('externalsecrets.external-secrets.io/db');
    const long = 'a'.repeat(40);
    expect(fieldOwnerFor(long)).toBe(
      `externalsecrets.external-secrets.io/sha3/${createHash('sha3-224')
        .update(long)
        .digest('hex')}`,
    );
  });
});

describe('the field owner of target Secrets', () => {
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
      data: { password: 's3cret' },
    });
    await h.advance(0);
  }, 20_000);
  afterEach(() => h.stop());

  it('records the Secret data, labels and ownerReference under that manager', async () => {
    h.store.create(RESOURCES.externalSecrets, externalSecret('db', {}));
    await h.advance(0);
    const secret = h.store.get(RESOURCES.secrets, 'payments', 'db')!;
    const es = h.store.get(RESOURCES.externalSecrets, 'payments', 'db')!;
    expect(secret.metadata.managedFields).toEqual([
      {
        manager: 'externalsecrets.external-secrets.io/db',
        operation: 'Update',
        apiVersion: 'v1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:password': {} },
          'f:metadata': {
            'f:annotations': {
              '.': {},
              'f:reconcile.external-secrets.io/data-hash': {},
            },
            'f:labels': {
              '.': {},
              'f:reconcile.external-secrets.io/created-by': {},
              'f:reconcile.external-secrets.io/managed': {},
            },
            'f:ownerReferences': {
              '.': {},
              // OwnerReference is atomic: the item, not its fields
              [`k:{"uid":"${es.metadata.uid}"}`]: {},
            },
          },
          'f:type': {},
        },
      },
    ]);
  });

  it('keeps the Secret when the ExternalSecret is deleted with propagationPolicy Orphan', async () => {
    h.store.create(RESOURCES.externalSecrets, externalSecret('db', {}));
    await h.advance(0);
    const def = h.store.catalog.require(RESOURCES.externalSecrets);
    h.store.deleteObject(def, 'payments', 'db', {
      propagationPolicy: 'Orphan',
    });
    for (let i = 0; i < 5; i++) await h.advance(1000);
    expect(
      h.store.get(RESOURCES.externalSecrets, 'payments', 'db'),
    ).toBeUndefined();
    const secret = h.store.get(RESOURCES.secrets, 'payments', 'db')!;
    expect(secret.data).toEqual({
      password: Buffer.from('s3cret').toString('base64'),
    });
    expect(secret.metadata.ownerReferences).toBeUndefined();
  });
});
