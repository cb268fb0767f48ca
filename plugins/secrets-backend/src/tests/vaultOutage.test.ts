/*
 * After the demo's Vault outage, against the demo fleet over real HTTPS: the backend tells the
 * stuck store from a healthy Vault (Vault health, store advice, when ESO retries), every row says
 * when a change takes effect and why, Revalidate reports what the ExternalSecrets did next, and a
 * store with really broken credentials says so with Vault's own error.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  ExternalSecretRow,
  FleetResponse,
  StoreSummary,
} from '@secrets-plugin/plugin-secrets-common';
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { fleetAdmin } from '../__testUtils__/fleetAdmin';
import { collectSecretValues } from '../__testUtils__/secretValues';

const credentials = mockCredentials.user();
const WATCH_FOR_MS = 8000;

describe('after a Vault outage', () => {
  let h: DemoHarness;
  const responses: unknown[] = [];
  const fleet = async (): Promise<FleetResponse> => {
    const res = await h.service.getFleet({ offset: 0, limit: 500 });
    responses.push(res);
    return res;
  };
  const store = (res: FleetResponse, name: string): StoreSummary => {
    const found = res.stores.find(
      s => s.cluster === 'prod-eu' && s.name === name,
    );
    if (!found) throw new Error(`no store prod-eu/${name}`);
    return found;
  };
  const entityRows = async (name: string) => {
    const res = await h.service.getEntitySecrets(
      { kind: 'component', namespace: 'default', name },
      { credentials },
    );
    responses.push(res);
    return res;
  };
  const row = async (entity: string, cluster: string, name: string) => {
    const res = await entityRows(entity);
    const found = res.groups
      .flatMap(g => g.rows)
      .find(r => r.cluster === cluster && r.name === name);
    if (!found) throw new Error(`no row ${cluster}/${name}`);
    return found as ExternalSecretRow;
  };
  let serverName: string;

  beforeAll(async () => {
    h = await startDemoHarness({
      revalidateWaitMs: 5000,
      revalidateWatchForMs: WATCH_FOR_MS,
    });
    serverName = h.fleet.appConfig.secrets.vault[0].name;
  }, 60_000);
  afterAll(() => h?.stop());

  it('shows Vault healthy and advises Revalidate for the store ESO keeps in backoff', async () => {
    const now = h.fleet.clock.now();
    const res = await fleet();
    expect(res.vaultServers).toEqual([
      expect.objectContaining({
        name: serverName,
        url: h.fleet.vault.url.replace(/\/$/, ''),
        state: 'active',
      }),
    ]);
    const stuck = store(res, 'vault-search');
    expect(stuck).toMatchObject({
      vaultServerName: serverName,
      health: {
        ready: false,
        causeInfo: { source: 'event', superseded: false },
      },
      advice: { action: 'revalidate' },
    });
    // it failed through the whole outage, one Event counting every retry
    expect(stuck.health.causeInfo!.count).toBeGreaterThan(3);
    expect(stuck.advice!.message).toMatch(
      new RegExp(`Vault server ${serverName} is healthy`),
    );
    expect(Date.parse(stuck.advice!.nextRetryAt!)).toBeGreaterThan(now);
    expect(store(res, 'vault-legacy').advice).toBeDefined();
    expect(res.stores.filter(s => s.health.ready === true)).not.toContainEqual(
      expect.objectContaining({ advice: expect.anything() }),
    );
  });

  it('says its ExternalSecret waits for the store, until the store’s next retry', async () => {
    const now = h.fleet.clock.now();
    const r = await row('search-indexer', 'prod-eu', 'search-indexer-api');
    expect(r.status).toBe('StoreNotReady');
    expect(r.causeInfo).toMatchObject({ source: 'event', superseded: false });
    expect(r.takesEffect).toMatchObject({
      reason: 'waits-for-store',
      forceSyncHelps: true,
    });
    expect(Date.parse(r.takesEffect.at!)).toBeGreaterThan(now);
    expect(r.takesEffect.at).toBe(
      store(await fleet(), 'vault-search').advice!.nextRetryAt,
    );
    const res = await entityRows('search-indexer');
    expect(res.vaultServers.map(v => v.name)).toEqual([serverName]);
    expect(res.groups[0].vault.serverName).toBe(serverName);
    // the tab gets the fleet page's advice for the entity's stuck store, once per store
    expect(res.storeAdvice).toEqual([
      {
        cluster: 'prod-eu',
        kind: 'ClusterSecretStore',
        name: 'vault-search',
        namespace: undefined,
        advice: store(await fleet(), 'vault-search').advice,
      },
    ]);
  });

  it("tells the tab when a Revalidate would not help: the legacy store's credentials are rejected", async () => {
    const res = await entityRows('checkout-web');
    const legacy = res.storeAdvice.find(a => a.name === 'vault-legacy');
    expect(legacy).toMatchObject({
      cluster: 'prod-eu',
      kind: 'SecretStore',
      namespace: 'payments',
      advice: { action: 'fix-config' },
    });
  });

  it('never promises a new version to a pinned row, and gives a failing row its next retry', async () => {
    const pinned = await row(
      'ledger-worker',
      'prod-eu',
      'ledger-worker-signing',
    );
    expect(pinned.takesEffect).toEqual({
      reason: 'pinned-version',
      forceSyncHelps: false,
    });
    const missing = await row(
      'payments-api',
      'dev-eu',
      'payments-api-feature-flags',
    );
    expect(missing.status).toBe('Error');
    expect(missing.takesEffect.reason).toMatch(/^(retry-backoff|overdue)$/);
    expect(missing.takesEffect.at).toBeDefined();
    expect(missing.causeInfo).toMatchObject({
      source: 'event',
      count: expect.any(Number),
      lastSeenAt: expect.any(String),
    });
  });

  it('revalidates the stuck store and reports that its ExternalSecrets synced', async () => {
    const res = await h.service.revalidateStores({
      dryRun: false,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'ClusterSecretStore',
          name: 'vault-search',
        },
      ],
    });
    responses.push(res);
    const bumped = res.results.filter(r => r.kind === 'ExternalSecret');
    expect(bumped.map(r => r.name).sort()).toEqual([
      'search-indexer-api',
      'search-indexer-elastic',
    ]);
    for (const r of bumped) {
      expect(r).toMatchObject({
        outcome: 'bumped',
        after: { status: 'Synced', synced: true },
      });
      expect(r.after!.waitedMs).toBeLessThan(WATCH_FOR_MS);
    }
    const now = h.fleet.clock.now();
    const api = await eventually(async () => {
      const r = await row('search-indexer', 'prod-eu', 'search-indexer-api');
      return r.status === 'Synced' && r;
    });
    expect(api.takesEffect.reason).toBe('next-refresh');
    expect(Date.parse(api.takesEffect.at!)).toBeGreaterThan(now);
    expect(store(await fleet(), 'vault-search').advice).toBeUndefined();
  }, 30_000);

  it('reports a store with revoked credentials as still-not-ready with Vault’s error, then advises fixing it', async () => {
    const res = await h.service.revalidateStores({
      dryRun: false,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'SecretStore',
          namespace: 'payments',
          name: 'vault-legacy',
        },
      ],
    });
    responses.push(res);
    expect(res.results).toEqual([
      expect.objectContaining({
        name: 'vault-legacy',
        outcome: 'still-not-ready',
        cause: expect.stringMatching(
          /permission denied|invalid vault credentials/,
        ),
      }),
    ]);
    const legacy = await eventually(async () => {
      const s = store(await fleet(), 'vault-legacy');
      return s.advice?.action === 'fix-config' && s;
    });
    expect(legacy.health.cause).toBe(res.results[0].cause);
  }, 30_000);

  it('shows Vault unreachable while it is down, and active again once it is back', async () => {
    await fleetAdmin(h.fleet, '/vault/down');
    await h.vaultHealth.checkNow();
    expect((await fleet()).vaultServers[0]).toMatchObject({
      name: serverName,
      state: 'unreachable',
      // the listener closed: refused, or a kept-alive connection reset
      message: expect.stringMatching(/ECONNREFUSED|ECONNRESET|socket hang up/),
    });
    await fleetAdmin(h.fleet, '/vault/up');
    await h.vaultHealth.checkNow();
    expect((await fleet()).vaultServers[0].state).toBe('active');
  });

  it('puts no secret value in any of these answers', () => {
    const text = JSON.stringify(responses);
    const leaks = collectSecretValues(h.fleet).filter(v => text.includes(v));
    expect(leaks).toEqual([]);
  });
});
