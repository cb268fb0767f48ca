import { RESOURCES } from '../constants';
import {
  clusterStore,
  type EsoHarness,
  externalSecret,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const ES = RESOURCES.externalSecrets;
const CSS = RESOURCES.clusterSecretStores;

describe('flood gate and backoff (issue #4340)', () => {
  let h: EsoHarness;
  beforeEach(async () => {
    h = await startEsoHarness();
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v1' },
    });
  });
  afterEach(() => h.stop());

  const ready = (obj: any) =>
    obj?.status?.conditions?.find((c: any) => c.type === 'Ready');

  it('fails ExternalSecrets fast while the store is not ready and does not wake them when it recovers', async () => {
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    await h.vault.stop();
    h.store.create(
      CSS,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    await h.advance(0);
    expect(ready(h.store.get(CSS, undefined, 'vault'))).toMatchObject({
      status: 'False',
      message: 'unable to validate store',
    });

    await h.advance(10_000);
    h.store.create(ES, externalSecret('db', {}));
    await h.advance(0);
    expect(h.events('db', 'UpdateFailed')[0].message).toBe(
      'error processing spec.data[0] (key: payments/db), err: ClusterSecretStore "vault" is not ready',
    );
    // let both back off for a while: ES failures 1s, 2s, 4s, ... 64s
    await h.advance(100_000);
    await h.vault.start();
    const esDue = h.eso.queues.externalSecrets.dueAt('payments/db')!;
    const storeDue = h.eso.queues.clusterSecretStores.dueAt('vault')!;
    expect(storeDue).toBeLessThan(esDue);

    await h.advance(storeDue - h.clock.now());
    expect(ready(h.store.get(CSS, undefined, 'vault'))).toMatchObject({
      status: 'True',
      reason: 'Valid',
    });
    // the store is Ready but nothing re-queued the ExternalSecret
    expect(h.eso.queues.externalSecrets.dueAt('payments/db')).toBe(esDue);
    expect(ready(h.store.get(ES, 'payments', 'db'))).toMatchObject({
      status: 'False',
      reason: 'SecretSyncedError',
    });

    await h.advance(esDue - h.clock.now());
    expect(ready(h.store.get(ES, 'payments', 'db'))).toMatchObject({
      status: 'True',
      reason: 'SecretSynced',
    });
  });

  it('a bump of the ExternalSecret retries at once once the store is Ready', async () => {
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    await h.vault.stop();
    h.store.create(
      CSS,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    h.store.create(ES, externalSecret('db', {}));
    await h.advance(600_000);
    await h.vault.start();
    h.store.mergePatch(CSS, undefined, 'vault', {
      metadata: { annotations: { 'force-sync': '1' } },
    });
    await h.advance(0);
    expect(ready(h.store.get(ES, 'payments', 'db'))).toMatchObject({
      status: 'False',
    });
    h.store.mergePatch(ES, 'payments', 'db', {
      metadata: { annotations: { 'force-sync': '1' } },
    });
    await h.advance(0);
    expect(ready(h.store.get(ES, 'payments', 'db'))).toMatchObject({
      status: 'True',
      reason: 'SecretSynced',
    });
  });

  it('keeps refreshTime and syncedResourceVersion of the last success while failing, and lastTransitionTime moves only on flips', async () => {
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    h.store.create(
      CSS,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    await h.advance(0);
    h.store.create(ES, externalSecret('db', { refreshInterval: '1m' }));
    await h.advance(0);
    const synced = h.store.get(ES, 'payments', 'db')!.status as any;
    await h.vault.stop();
    await h.advance(61_000);
    const failed = h.store.get(ES, 'payments', 'db')!.status as any;
    expect(failed.refreshTime).toBe(synced.refreshTime);
    expect(failed.syncedResourceVersion).toBe(synced.syncedResourceVersion);
    const event = h.events('db', 'UpdateFailed')[0];
    expect(ready({ status: failed })).toMatchObject({
      status: 'False',
      lastTransitionTime: event.firstTimestamp,
    });
    expect(event.message).toMatch(
      /^error processing spec\.data\[0\] \(key: payments\/db\), err: cannot read secret data from Vault: Get "http:\/\/127\.0\.0\.1:\d+\/v1\/secret\/data\/payments\/db": dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/,
    );
    await h.advance(30_000);
    expect(ready(h.store.get(ES, 'payments', 'db'))!.lastTransitionTime).toBe(
      event.firstTimestamp,
    );
    // ES backoff: failures 1s, 2s, 4s, 8s, 16s → the next retry is 32 s after the last
    expect(
      h.eso.queues.externalSecrets.rateLimiter.failures('payments/db'),
    ).toBeGreaterThanOrEqual(5);
  });
});
