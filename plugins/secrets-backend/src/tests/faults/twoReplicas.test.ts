/*
 * Two backend replicas on one database, against the demo fleet over HTTP: the same click sent to
 * both at once makes one rotation (the other gets 409), and while one replica runs it the other's
 * resume task, called again and again, never runs it too. Exactly one execution: one Vault write,
 * one restart per cluster, each cluster landed once in the history. On PostgreSQL (each replica
 * with its own connection pool) wherever a connection string is given, as CI does; on SQLite the
 * replicas share one connection, which still exercises the lease between two runners.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import knexFactory, { type Knex } from 'knex';
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
const CLUSTERS = ['dev-eu', 'prod-eu', 'prod-us'];
const DEPLOYMENTS = { group: 'apps', resource: 'deployments' };
const { databases, ids, postgres } = rotationTestDatabases();

it('runs on PostgreSQL wherever CI requires it', () => {
  const required = process.env.SECRETS_TEST_REQUIRE_POSTGRES ? 1 : 0;
  expect(postgres.length).toBeGreaterThanOrEqual(required);
});

describe.each(ids)('two backend replicas on %s', databaseId => {
  let fleet: FleetHandle;
  let a: RotationBackend;
  let b: RotationBackend;
  let second: Knex | undefined;

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
    const knex = await databases.init(databaseId);
    second =
      databaseId === 'SQLITE_3' ? undefined : knexFactory(knex.client.config);
    a = await startRotationBackend({ fleet, knex });
    b = await startRotationBackend({ fleet, knex: second ?? knex });
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await second?.destroy();
    await fleet?.stop();
  });

  const generation = (cluster: string) =>
    (
      fleet
        .cluster(cluster)
        .store.get(DEPLOYMENTS, 'payments', 'ledger-worker') as any
    ).metadata.generation as number;

  it('one click sent to both makes one rotation, which exactly one replica executes', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    const patches = vaultRequests(fleet, `PATCH secret/data/${KEY}`);
    const generations = Object.fromEntries(
      CLUSTERS.map(c => [c, generation(c)]),
    );
    // held in verifying in prod-us, so the other replica has time to try
    await fleetAdmin(fleet, '/clusters/prod-us/eso/stop');

    const answers = await Promise.all([
      a.rotate('ledger-worker', KEY),
      b.rotate('ledger-worker', KEY),
    ]);
    expect(answers.map(r => r.status).sort()).toEqual([202, 409]);
    const started = answers.find(r => r.status === 202)!;
    const refused = answers.find(r => r.status === 409)!;
    expect(refused.body.error.name).toBe('ConflictError');
    const id = started.body.id;
    const runner = started === answers[0] ? a : b;
    const other = runner === a ? b : a;

    await runner.waitFor(
      id,
      r =>
        r.clusters.some(
          (c: any) => c.cluster === 'prod-us' && c.state === 'verifying',
        ),
      60_000,
    );
    // the other replica's resume task keeps trying while the rotation runs and lands
    let trying = true;
    const attempts = (async () => {
      let n = 0;
      while (trying) {
        await other.resume();
        n += 1;
        await new Promise(r => setTimeout(r, 100));
      }
      return n;
    })();
    await fleetAdmin(fleet, '/clusters/prod-us/eso/start');
    const done = await runner.waitFor(id);
    trying = false;
    expect(await attempts).toBeGreaterThan(3);

    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    // both replicas answer the same record
    expect((await other.call('get', `/rotations/${id}`)).body.state).toBe(
      'succeeded',
    );
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
    expect(vaultRequests(fleet, `PATCH secret/data/${KEY}`)).toBe(patches + 1);
    for (const c of CLUSTERS) expect(generation(c)).toBe(generations[c] + 1);
    const types = done.events.map((e: any) =>
      e.cluster ? `${e.type} ${e.cluster}` : e.type,
    );
    expect(types.filter((t: string) => t === 'written')).toHaveLength(1);
    for (const c of CLUSTERS)
      expect(
        types.filter((t: string) => t === `cluster-landed ${c}`),
      ).toHaveLength(1);
    const history = await other.call(
      'get',
      '/entities/default/component/ledger-worker/rotations',
    );
    // one rotation in the history; Vault versions written by others show as external changes
    expect(
      history.body.items
        .filter((r: any) => r.source !== 'external')
        .map((r: any) => r.id),
    ).toEqual([id]);
  });
});
