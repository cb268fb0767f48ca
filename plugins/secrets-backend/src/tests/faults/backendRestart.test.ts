/*
 * The backend stops in the middle of a rotation and a new one starts on the same database, against
 * the demo fleet over HTTP: the new backend continues from the recorded steps, without a second
 * Vault write and without restarting again a workload the first one already restarted.
 * ledger-worker/kafka is used because nothing but the plugin restarts ledger-worker.
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
import { rotationTestDatabases } from '../../__testUtils__/testDatabases';

jest.setTimeout(180_000);

const KEY = 'ledger-worker/kafka';
const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };
const { databases, ids } = rotationTestDatabases();

describe.each(ids)('a backend restart mid-rotation on %s', databaseId => {
  let fleet: FleetHandle;
  const backends: RotationBackend[] = [];

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    // its refreshInterval 0 copy would never pick up a new version (the policy denies)
    fleet
      .cluster('dev-eu')
      .store.delete(
        { group: 'external-secrets.io', resource: 'externalsecrets' },
        'payments',
        'ledger-worker-bootstrap',
      );
  }, 60_000);

  afterAll(async () => {
    for (const b of backends) await b.stop().catch(() => undefined);
    await fleet?.stop();
  });

  const deployment = (cluster: string) =>
    fleet
      .cluster(cluster)
      .store.get(DEPLOYMENTS, 'payments', 'ledger-worker') as any;
  const targetHash = (cluster: string) =>
    (
      fleet
        .cluster(cluster)
        .store.get(
          { group: '', resource: 'secrets' },
          'payments',
          'ledger-worker-kafka',
        ) as any
    )?.metadata.annotations?.['reconcile.external-secrets.io/data-hash'];
  const restartMark = (cluster: string) =>
    deployment(cluster).spec.template.metadata.annotations?.[
      'secrets.backstage.io/rotation'
    ];

  it('resumes from the recorded steps: one Vault write, one restart per cluster', async () => {
    const knex = await databases.init(databaseId);
    const first = await startRotationBackend({
      fleet,
      knex,
      rotation: { verifyTimeout: { seconds: 60 } },
    });
    backends.push(first);
    const before = vaultKey(fleet, KEY)!.version;
    const patches = vaultRequests(fleet, `PATCH secret/data/${KEY}`);

    // prod-us proves nothing while its ESO is stopped: the first backend stops while it waits
    await fleetAdmin(fleet, '/clusters/prod-us/eso/stop');
    const started = await first.rotate('ledger-worker', KEY);
    expect(started.status).toBe(202);
    const id = started.body.id;
    const held = await first.waitFor(
      id,
      r =>
        r.clusters.length === 3 &&
        r.clusters.every((c: any) =>
          c.cluster === 'prod-us'
            ? c.state === 'verifying'
            : c.state === 'landed',
        ),
      60_000,
    );
    expect(held.state).toBe('verifying');
    const generations = Object.fromEntries(
      ['dev-eu', 'prod-eu', 'prod-us'].map(c => [
        c,
        deployment(c).metadata.generation,
      ]),
    );
    expect(restartMark('dev-eu')).toBe(id);
    expect(restartMark('prod-us')).toBeUndefined();
    await first.stop();
    backends.splice(backends.indexOf(first), 1);

    // prod-us syncs while no backend runs; the stopped one records nothing of it
    const hashBefore = targetHash('prod-us');
    await fleetAdmin(fleet, '/clusters/prod-us/eso/start');
    await eventually(() => targetHash('prod-us') !== hashBefore, 30_000);
    await new Promise(r => setTimeout(r, 1000));
    expect(
      await knex('secrets_rotation_targets')
        .where({ rotation_id: id, cluster: 'prod-us' })
        .first(),
    ).toMatchObject({ state: 'verifying' });
    expect(restartMark('prod-us')).toBeUndefined();
    const second = await startRotationBackend({
      fleet,
      knex,
      rotation: { verifyTimeout: { seconds: 60 } },
    });
    backends.push(second);
    const done = await second.waitFor(id);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.clusters.map((c: any) => [c.cluster, c.state])).toEqual([
      ['dev-eu', 'landed'],
      ['prod-eu', 'landed'],
      ['prod-us', 'landed'],
    ]);

    // Vault: one new version, one PATCH, across both backends
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
    expect(done.versionAfter).toBe(before + 1);
    expect(vaultRequests(fleet, `PATCH secret/data/${KEY}`)).toBe(patches + 1);
    // restarts: dev-eu and prod-eu not again, prod-us once
    expect(deployment('dev-eu').metadata.generation).toBe(
      generations['dev-eu'],
    );
    expect(deployment('prod-eu').metadata.generation).toBe(
      generations['prod-eu'],
    );
    expect(deployment('prod-us').metadata.generation).toBe(
      generations['prod-us'] + 1,
    );
    expect(restartMark('prod-us')).toBe(id);
    // history: written once, each cluster landed once
    const types = done.events.map((e: any) =>
      e.cluster ? `${e.type} ${e.cluster}` : e.type,
    );
    expect(types.filter((t: string) => t === 'written')).toHaveLength(1);
    for (const c of ['dev-eu', 'prod-eu', 'prod-us'])
      expect(
        types.filter((t: string) => t === `cluster-landed ${c}`),
      ).toHaveLength(1);
  });
});
