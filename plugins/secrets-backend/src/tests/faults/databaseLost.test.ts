/*
 * The backend loses its PostgreSQL database in the middle of a rotation, against the demo fleet
 * over HTTP: every connection of the plugin's database is terminated and new ones are refused
 * while the Vault write is in flight, so the write lands but cannot be recorded. Once the database
 * is back, the same backend's resume task continues at once (it need not wait for its own lease
 * to expire), recognises its own version in Vault's metadata and finishes: one Vault write, each
 * cluster landed once. PostgreSQL only: an in-memory SQLite has no connection to lose.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import knexFactory, { type Knex } from 'knex';
import { eventually } from '../../__testUtils__/demoFleet';
import {
  startRotationBackend,
  vaultKey,
  vaultRequests,
  type RotationBackend,
} from '../../__testUtils__/rotationBackend';
import { rotationTestDatabases } from '../../__testUtils__/testDatabases';

jest.setTimeout(180_000);

const KEY = 'payments-api/db';
const { databases, postgres } = rotationTestDatabases();

it('runs on PostgreSQL wherever CI requires it', () => {
  const required = process.env.SECRETS_TEST_REQUIRE_POSTGRES ? 1 : 0;
  expect(postgres.length).toBeGreaterThanOrEqual(required);
});

const each = postgres.length
  ? describe.each(postgres)
  : describe.skip.each(['POSTGRES']);

each('the database lost mid-rotation on %s', databaseId => {
  let fleet: FleetHandle;
  let b: RotationBackend;
  let knex: Knex;
  let admin: Knex;
  let database: string;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    knex = await databases.init(databaseId as any);
    const config = knex.client.config;
    database = config.connection.database;
    // the operator's connection: to the server's maintenance database, not the plugin's
    admin = knexFactory({
      ...config,
      // knex keeps the password non-enumerable, so a spread alone would drop it
      connection: {
        ...config.connection,
        password: config.connection.password,
        database: 'postgres',
      },
      pool: { min: 0, max: 1 },
    });
    b = await startRotationBackend({ fleet, knex });
  }, 120_000);

  afterAll(async () => {
    await admin
      ?.raw(`ALTER DATABASE ?? WITH ALLOW_CONNECTIONS true`, [database])
      .catch(() => undefined);
    await b?.stop();
    await admin?.destroy();
    await fleet?.stop();
  });

  const cut = async () => {
    await admin.raw(`ALTER DATABASE ?? WITH ALLOW_CONNECTIONS false`, [
      database,
    ]);
    await admin.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
      [database],
    );
  };
  const restore = () =>
    admin.raw(`ALTER DATABASE ?? WITH ALLOW_CONNECTIONS true`, [database]);

  it('the write lands while the database is away; the rotation resumes without writing again', async () => {
    const before = vaultKey(fleet, KEY)!.version;
    const patches = vaultRequests(fleet, `PATCH secret/data/${KEY}`);
    const started = await b.rotate('payments-api', KEY);
    expect(started.status).toBe(202);
    const id = started.body.id;
    // Vault slows down, and the database goes away while the write is on its way
    fleet.vault.setLatency(1500);
    try {
      await cut();
      await eventually(
        () => vaultKey(fleet, KEY)!.version === before + 1,
        20_000,
      );
    } finally {
      fleet.vault.setLatency(0);
    }
    // the runner finds out it cannot record the write and stops
    await new Promise(r => setTimeout(r, 2000));
    const unrecorded = await b.call('get', `/rotations/${id}`);
    expect(unrecorded.status).toBeGreaterThanOrEqual(500);

    await restore();
    const resumedAt = Date.now();
    const done = await eventually(async () => {
      await b.resume();
      const res = await b.call('get', `/rotations/${id}`);
      return res.body.finishedAt ? res.body : undefined;
    }, 60_000);
    // well inside the 30 s lease: the backend took up its own rotation again
    expect(Date.now() - resumedAt).toBeLessThan(20_000);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.versionAfter).toBe(before + 1);
    expect(vaultKey(fleet, KEY)!.version).toBe(before + 1);
    expect(vaultRequests(fleet, `PATCH secret/data/${KEY}`)).toBe(patches + 1);
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
