import { RESOURCES } from '../constants';
import { secretDataHash } from '../hashes';
import {
  clusterStore,
  type EsoHarness,
  externalSecret,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const ES = RESOURCES.externalSecrets;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('force-sync (annotation bump) and rotation', () => {
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
      data: { password: 'v1' },
    });
    await h.advance(0);
  });
  afterEach(() => h.stop());

  const bump = (name: string, value: string) =>
    h.store.mergePatch(ES, 'payments', name, {
      metadata: { annotations: { 'force-sync': value } },
    });
  const password = (name: string) =>
    Buffer.from(
      (h.store.get(RESOURCES.secrets, 'payments', name)!.data as any).password,
      'base64',
    ).toString();

  it.each([
    ['Periodic (unset)', {}, true],
    ['Periodic', { refreshPolicy: 'Periodic' }, true],
    ['OnChange', { refreshPolicy: 'OnChange' }, true],
    ['CreatedOnce', { refreshPolicy: 'CreatedOnce' }, false],
    ['Periodic, refreshInterval 0', { refreshInterval: '0s' }, false],
  ])(
    '%s: a bump picks up the rotated value = %s',
    async (_name, spec, picksUp) => {
      h.store.create(ES, externalSecret('db', spec));
      await h.advance(0);
      expect(password('db')).toBe('v1');
      const before = h.store.get(ES, 'payments', 'db')!.status as any;

      h.vault.engine.putSecret({
        mount: 'secret',
        path: 'payments/db',
        data: { password: 'v2' },
      });
      await h.advance(60_000);
      expect(password('db')).toBe('v1'); // ESO does not watch Vault
      bump('db', '1754650000');
      await h.advance(2_000);

      const after = h.store.get(ES, 'payments', 'db')!.status as any;
      expect(password('db')).toBe(picksUp ? 'v2' : 'v1');
      expect(after.refreshTime > before.refreshTime).toBe(picksUp);
      expect(after.syncedResourceVersion !== before.syncedResourceVersion).toBe(
        picksUp,
      );
    },
  );

  it('changes the data-hash annotation when a rotation lands, and only then', async () => {
    h.store.create(ES, externalSecret('db', {}));
    await h.advance(0);
    const hash = () =>
      h.store.get(RESOURCES.secrets, 'payments', 'db')!.metadata.annotations![
        'reconcile.external-secrets.io/data-hash'
      ];
    const first = hash();
    expect(first).toBe(secretDataHash({ password: b64('v1') }));
    bump('db', '1');
    await h.advance(1_000);
    expect(hash()).toBe(first);
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v2' },
    });
    bump('db', '2');
    await h.advance(1_000);
    expect(hash()).toBe(secretDataHash({ password: b64('v2') }));
    expect(hash()).not.toBe(first);
    // the bump annotation is copied to the target Secret (no template: ES metadata is mirrored)
    expect(
      h.store.get(RESOURCES.secrets, 'payments', 'db')!.metadata.annotations![
        'force-sync'
      ],
    ).toBe('2');
  });

  it('does not re-fetch on status-only updates, and polls again after refreshInterval', async () => {
    h.store.create(ES, externalSecret('db', { refreshInterval: '10m' }));
    await h.advance(0);
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v2' },
    });
    const obj = h.store.get(ES, 'payments', 'db')!;
    h.store.updateStatus(ES, {
      ...obj,
      status: { ...(obj.status as object), binding: { name: 'db' } },
    });
    await h.advance(9 * 60_000);
    expect(password('db')).toBe('v1');
    await h.advance(61_000);
    expect(password('db')).toBe('v2');
  });
});
