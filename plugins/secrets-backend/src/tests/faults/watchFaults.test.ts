/*
 * A rotation's proof rests on the cache's watches: against the demo fleet over HTTP, a cluster's
 * watches are cut and its history compacted (410 Gone on the re-watch, so the cache relists)
 * while the rotation waits for it, and the new version lands while no watch is open; and a slow
 * API server answers every request late. Both rotations are proven per cluster, once.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { eventually } from '../../__testUtils__/demoFleet';
import { fleetAdmin } from '../../__testUtils__/fleetAdmin';
import {
  startRotationBackend,
  vaultKey,
  type RotationBackend,
} from '../../__testUtils__/rotationBackend';

jest.setTimeout(120_000);

const KEY = 'payments-api/db';

describe('watch faults during a rotation', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({
      fleet,
      rotation: { verifyTimeout: { seconds: 45 } },
    });
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  const landedOnce = (done: any) => {
    const types = done.events.map((e: any) =>
      e.cluster ? `${e.type} ${e.cluster}` : e.type,
    );
    for (const c of ['dev-eu', 'prod-eu', 'prod-us'])
      expect(
        types.filter((t: string) => t === `cluster-landed ${c}`),
      ).toHaveLength(1);
  };

  it('is proven in a cluster whose watches were cut and whose history was compacted while it waited', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    await fleetAdmin(fleet, '/clusters/prod-us/eso/stop');
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    await b.waitFor(
      started.body.id,
      r =>
        r.clusters.some(
          (c: any) => c.cluster === 'prod-us' && c.state === 'verifying',
        ),
      30_000,
    );
    // the new version lands in prod-us while its watches are gone, then its history is
    // compacted: the cache can only learn of it by relisting after 410 Gone
    await fleetAdmin(fleet, '/clusters/prod-us/down');
    await fleetAdmin(fleet, '/clusters/prod-us/eso/start');
    await fleetAdmin(fleet, '/clusters/prod-us/compact');
    await fleetAdmin(fleet, '/clusters/prod-us/up');
    const done = await b.waitFor(started.body.id);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.versionAfter).toBe(before + 1);
    landedOnce(done);
  });

  it('is proven in a slow cluster (every API request answered late)', async () => {
    await fleetAdmin(fleet, '/clusters/prod-eu/latency', { ms: 400 });
    try {
      // the policy's store gate wants every cluster connected (prod-us was just down)
      await eventually(async () => {
        const res = await b.call('get', '/fleet');
        return res.body.clusters?.every((c: any) => c.state === 'connected');
      }, 30_000);
      const before = vaultKey(fleet, KEY)!.version;
      const started = await b.rotate('payments-api', KEY);
      expect(started.status).toBe(202);
      const done = await b.waitFor(started.body.id);
      expect({ state: done.state, error: done.error }).toEqual({
        state: 'succeeded',
        error: undefined,
      });
      expect(done.versionAfter).toBe(before + 1);
      landedOnce(done);
    } finally {
      await fleetAdmin(fleet, '/clusters/prod-eu/latency', { ms: 0 });
    }
  });
});
