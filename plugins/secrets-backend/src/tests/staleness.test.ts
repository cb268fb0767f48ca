/*
 * Stale end to end: with ESO stopped in one cluster, simulated time passes and that cluster's
 * periodic ExternalSecrets turn Stale once refreshTime + refreshInterval + staleMargin is behind
 * us, in the entity response and the fleet counts, although nothing in the cache changed; a fresh
 * ESO refreshes them and they are Synced again. This is the proof that the service's caching of
 * derived rows still lets time-based changes show.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  ExternalSecretRow,
  StatusCounts,
} from '@secrets-plugin/plugin-secrets-common';
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { fleetAdmin } from '../__testUtils__/fleetAdmin';

const credentials = mockCredentials.user();
const STALE_MARGIN_MS = 5 * 60_000; // secrets.cache.staleMargin default
const HOUR_MS = 3_600_000;

describe('Stale through the service on the demo fleet', () => {
  let h: DemoHarness;
  const entityRows = async (name: string) => {
    const res = await h.service.getEntitySecrets(
      { kind: 'component', namespace: 'default', name },
      { credentials },
    );
    return res.groups.flatMap(g => g.rows);
  };
  const paymentsDb = async (cluster: string) => {
    const found = (await entityRows('payments-api')).find(
      r => r.cluster === cluster && r.name === 'payments-api-db',
    );
    if (!found) throw new Error(`no payments-api-db row in ${cluster}`);
    return found;
  };
  const counts = async (cluster: string): Promise<StatusCounts> => {
    const fleet = await h.service.getFleet({ offset: 0, limit: 500 });
    return fleet.clusters.find(c => c.name === cluster)!.counts;
  };
  /** Warps the fleet so that the plugin's clock reads `at`. */
  const warpTo = async (at: number) => {
    const ms = at - h.fleet.clock.now();
    if (ms < 0) throw new Error(`cannot warp back ${-ms} ms`);
    await h.fleet.warp(ms);
  };

  beforeAll(async () => {
    h = await startDemoHarness();
  }, 60_000);
  afterAll(() => h?.stop());

  it('turns Stale after interval + margin without ESO, and Synced when ESO is back', async () => {
    const before = await paymentsDb('dev-eu');
    expect(before).toMatchObject({
      status: 'Synced',
      refreshPolicy: 'Periodic',
      refreshInterval: '1h0m0s',
    });
    const syncedAt = Date.parse(before.lastSyncAt!);
    expect(before.takesEffect).toEqual({
      reason: 'next-refresh',
      at: new Date(syncedAt + HOUR_MS).toISOString(),
      forceSyncHelps: true,
    });
    const countsBefore = await counts('dev-eu');
    expect(countsBefore.Stale).toBe(0);

    await fleetAdmin(h.fleet, '/clusters/dev-eu/eso/stop');
    // a second before interval + margin is over: not Stale yet (the clock runs on in real time)
    await warpTo(syncedAt + HOUR_MS + STALE_MARGIN_MS - 1000);
    expect((await paymentsDb('dev-eu')).status).toBe('Synced');

    await warpTo(syncedAt + HOUR_MS + STALE_MARGIN_MS + 1000);
    const stale = await paymentsDb('dev-eu');
    expect(stale).toMatchObject({
      status: 'Stale',
      cause: `last synced at ${before.lastSyncAt}, expected every 1h0m0s`,
      lastSyncAt: before.lastSyncAt,
      // the refresh was due an interval after the last sync: overdue, not promised in the past
      takesEffect: {
        reason: 'overdue',
        at: before.takesEffect.at,
        forceSyncHelps: true,
      },
    });
    // prod-eu's ESO kept refreshing the same ExternalSecret
    const prod = await paymentsDb('prod-eu');
    expect(prod.status).toBe('Synced');
    expect(Date.parse(prod.lastSyncAt!)).toBeGreaterThanOrEqual(
      syncedAt + HOUR_MS,
    );
    expect(prod.takesEffect).toEqual({
      reason: 'next-refresh',
      at: new Date(Date.parse(prod.lastSyncAt!) + HOUR_MS).toISOString(),
      forceSyncHelps: true,
    });

    // a minute later every periodic ExternalSecret that was Synced in dev-eu is Stale
    await h.fleet.warp(60_000);
    const staleCounts = await counts('dev-eu');
    expect(staleCounts.Stale).toBeGreaterThan(1);
    expect(staleCounts.Stale + staleCounts.Synced).toBe(countsBefore.Synced);
    const staleInFleet = await h.service.getFleet({
      offset: 0,
      limit: 500,
      status: 'Stale',
    });
    expect(
      staleInFleet.failing.items.every(
        (r: ExternalSecretRow) => r.cluster === 'dev-eu',
      ),
    ).toBe(true);
    expect(staleInFleet.failing.totalCount).toBe(staleCounts.Stale);

    await fleetAdmin(h.fleet, '/clusters/dev-eu/eso/start');
    await h.fleet.warp(60_000);
    const fresh = await eventually(async () => {
      const row = await paymentsDb('dev-eu');
      return row.status === 'Synced' && row;
    });
    expect(fresh.cause).toBeUndefined();
    const refreshedAt = Date.parse(fresh.lastSyncAt!);
    expect(refreshedAt).toBeGreaterThan(syncedAt + HOUR_MS + STALE_MARGIN_MS);
    expect(fresh.takesEffect).toEqual({
      reason: 'next-refresh',
      at: new Date(refreshedAt + HOUR_MS).toISOString(),
      forceSyncHelps: true,
    });
    await eventually(async () => (await counts('dev-eu')).Stale === 0);
    expect(await counts('dev-eu')).toEqual(countsBefore);
  }, 60_000);
});
