/*
 * A cluster's API server goes away while a rotation propagates, against the demo fleet over HTTP:
 * past the verify timeout the rotation ends `partially-failed` and names the cluster; back within
 * the timeout, the cluster finishes (its force-sync is sent once it answers) and the rotation
 * succeeds. One Vault version per rotation either way.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { eventually } from '../../__testUtils__/demoFleet';
import { fleetAdmin } from '../../__testUtils__/fleetAdmin';
import {
  startRotationBackend,
  vaultKey,
  vaultRequests,
  type RotationBackend,
} from '../../__testUtils__/rotationBackend';

jest.setTimeout(120_000);

const KEY = 'payments-api/db';
const VERIFY_TIMEOUT_S = 8;

describe('a cluster down during propagation', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({
      fleet,
      rotation: { verifyTimeout: { seconds: VERIFY_TIMEOUT_S } },
    });
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  const clusterState = (rotation: any, name: string) =>
    rotation.clusters.find((c: any) => c.cluster === name);

  it('ends partially-failed naming the cluster that stayed down past the verify timeout', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    // prod-us cannot prove anything while its ESO is stopped: the rotation is held in verifying
    await fleetAdmin(fleet, '/clusters/prod-us/eso/stop');
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    await b.waitFor(
      started.body.id,
      r => clusterState(r, 'prod-us')?.state === 'verifying',
      30_000,
    );
    await fleetAdmin(fleet, '/clusters/prod-us/down');
    try {
      const done = await b.waitFor(started.body.id);
      expect(done.state).toBe('partially-failed');
      expect(
        done.clusters.map((c: any) => [c.cluster, c.state]).sort(),
      ).toEqual([
        ['dev-eu', 'landed'],
        ['prod-eu', 'landed'],
        ['prod-us', 'failed'],
      ]);
      expect(clusterState(done, 'prod-us').reason).toMatch(
        /cluster prod-us is unreachable/,
      );
      // the failure names the cluster in the history too, once
      expect(
        done.events.filter(
          (e: any) => e.cluster === 'prod-us' && e.type === 'cluster-failed',
        ),
      ).toHaveLength(1);
      expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
      expect(done.versionAfter).toBe(before + 1);
    } finally {
      await fleetAdmin(fleet, '/clusters/prod-us/up');
      await fleetAdmin(fleet, '/clusters/prod-us/eso/start');
    }
  });

  it('finishes for a cluster that was down at its force-sync and came back within the timeout', async () => {
    await eventually(async () => {
      const res = await b.call('get', '/fleet');
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 30_000);
    const before = vaultKey(fleet, KEY)!.version;
    const patches = vaultRequests(fleet, `PATCH secret/data/${KEY}`);
    // a slow Vault holds the rotation in writing, so prod-us is down when its force-sync is sent
    fleet.vault.setLatency(700);
    let started;
    try {
      started = await b.rotate('payments-api', KEY);
      expect(started.status).toBe(202);
      await fleetAdmin(fleet, '/clusters/prod-us/down');
    } finally {
      fleet.vault.setLatency(0);
    }
    const id = started.body.id;
    await b.waitFor(
      id,
      r => clusterState(r, 'dev-eu')?.state === 'landed',
      30_000,
    );
    await fleetAdmin(fleet, '/clusters/prod-us/up');
    const done = await b.waitFor(id);
    expect({ state: done.state, clusters: done.clusters }).toMatchObject({
      state: 'succeeded',
    });
    expect(done.clusters.map((c: any) => c.state)).toEqual([
      'landed',
      'landed',
      'landed',
    ]);
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
    expect(vaultRequests(fleet, `PATCH secret/data/${KEY}`)).toBe(patches + 1);
    // prod-us was force-synced with this rotation's id once it answered again
    const es = fleet
      .cluster('prod-us')
      .store.get(
        { group: 'external-secrets.io', resource: 'externalsecrets' },
        'payments',
        'payments-api-db',
      ) as any;
    expect(es.metadata.annotations['force-sync']).toBe(id);
  });
});
