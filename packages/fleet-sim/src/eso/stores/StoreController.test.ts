import { validateEsoObject } from '../../kube/schema/esoSchemas';
import { RESOURCES } from '../constants';
import {
  clusterStore,
  type EsoHarness,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const CSS = RESOURCES.clusterSecretStores;

describe('ClusterSecretStore validation', () => {
  let h: EsoHarness;
  beforeEach(async () => {
    h = await startEsoHarness();
  });
  afterEach(() => h.stop());

  const ready = () =>
    (h.store.get(CSS, undefined, 'vault')!.status as any)?.conditions?.[0];

  it('marks a store with a working token Valid, ReadWrite, and revalidates at its refreshInterval', async () => {
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    h.store.create(
      CSS,
      clusterStore(
        'vault',
        h.vault.url,
        { name: 'vault-token', namespace: 'payments' },
        { refreshInterval: '2m' },
      ),
    );
    await h.advance(0);
    const store = h.store.get(CSS, undefined, 'vault')!;
    expect(store.status).toEqual({
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Valid',
          message: 'store validated',
          lastTransitionTime: '2026-08-08T10:00:00Z',
        },
      ],
      capabilities: 'ReadWrite',
    });
    expect(validateEsoObject(store)).toEqual({ valid: true, errors: [] });
    // the status write re-enqueues the store (For() without predicates): a second validation
    expect(h.events('vault', 'Valid')[0]).toMatchObject({
      type: 'Normal',
      message: 'store validated',
      count: 2,
    });
    expect(h.eso.queues.clusterSecretStores.dueAt('vault')).toBe(
      h.clock.now() + 120_000,
    );
    await h.advance(120_000);
    expect(h.events('vault', 'Valid')[0].count).toBe(3);
  });

  it('reports a rejected token as "unable to validate store" with the Vault error, keeping lastTransitionTime', async () => {
    const { token } = h.vault.engine.createToken({ policies: ['default'] });
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', token),
    );
    h.store.create(
      CSS,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    await h.advance(0);
    expect(ready()).toMatchObject({ status: 'True', reason: 'Valid' });
    h.vault.revokeToken(token);
    await h.advance(5 * 60_000);
    expect(ready()).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'InvalidProviderConfig',
      message: 'unable to validate store',
      lastTransitionTime: '2026-08-08T10:05:00Z',
    });
    const warning = h.events('vault', 'InvalidProviderConfig')[0];
    expect(warning.type).toBe('Warning');
    expect(warning.message).toMatch(
      new RegExp(
        `^invalid vault credentials: Error making API request\\.\n\nURL: GET ${h.vault.url}/v1/auth/token/lookup-self\nCode: 403\\. Errors:\n\n\\* .*permission denied`,
        's',
      ),
    );
    await h.advance(60_000);
    expect(ready().lastTransitionTime).toBe('2026-08-08T10:05:00Z');
    expect(
      (h.store.get(CSS, undefined, 'vault')!.status as any).capabilities,
    ).toBe('ReadWrite');
  });

  it('reports an unreachable Vault during login as "unable to create client" and backs off 1s·2^n up to 7 min', async () => {
    const { roleId, secretId } = h.vault.engine.createAppRole({
      roleName: 'eso',
      policies: ['default'],
    });
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'approle', secretId),
    );
    h.store.create(CSS, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'vault' },
      spec: {
        provider: {
          vault: {
            server: h.vault.url,
            path: 'secret',
            auth: {
              appRole: {
                roleId,
                secretRef: {
                  name: 'approle',
                  namespace: 'payments',
                  key: 'token',
                },
              },
            },
          },
        },
      },
    });
    await h.vault.stop();
    const port = new URL(h.vault.url).port;
    const delays: number[] = [];
    let last = h.clock.now();
    await h.advance(0);
    for (let i = 0; i < 12; i++) {
      const due = h.eso.queues.clusterSecretStores.dueAt('vault')!;
      delays.push(due - last);
      last = due;
      await h.advance(due - h.clock.now());
    }
    expect(ready()).toMatchObject({
      status: 'False',
      reason: 'InvalidProviderConfig',
      message: 'unable to create client',
    });
    expect(h.events('vault', 'InvalidProviderConfig')[0].message).toBe(
      `unable to log in to auth method: unable to log in with app role auth: Put "${h.vault.url}/v1/auth/approle/login": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    // the first failure's status write enqueues the store at once (For() has no predicate): that
    // retry counts as a second failure while the 1 s requeue stays the earliest, so 2 s is skipped
    expect(delays).toEqual([
      1000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 420000, 420000,
      420000, 420000,
    ]);
  });

  it('revalidates at once when the store is annotated (no predicate on the store watch)', async () => {
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', 'not-a-token'),
    );
    h.store.create(
      CSS,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    await h.advance(0);
    await h.advance(10 * 60_000); // deep in backoff now
    expect(ready()).toMatchObject({ status: 'False' });
    h.store.update(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    await h.advance(1000);
    expect(ready()).toMatchObject({ status: 'False' });
    h.store.mergePatch(CSS, undefined, 'vault', {
      metadata: { annotations: { 'force-sync': '1' } },
    });
    await h.advance(0);
    expect(ready()).toMatchObject({ status: 'True', reason: 'Valid' });
  });
});
