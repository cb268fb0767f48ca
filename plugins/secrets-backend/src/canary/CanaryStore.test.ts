import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseCanaryStore } from './CanaryStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL wherever a connection string is given, as DatabaseRotationStore.test
const postgresIds = Object.keys(process.env).flatMap(name => {
  const major =
    /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name)?.[1];
  return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
});
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds] });

describe.each(databases.eachSupportedId())(
  'DatabaseCanaryStore on %s',
  (databaseId: TestDatabaseId) => {
    it('answers the latest probe per cluster and prunes week-old ones', async () => {
      let clock = Date.parse('2026-12-01T10:00:00.000Z');
      const knex = await databases.init(databaseId);
      const store = await DatabaseCanaryStore.create({
        database: mockServices.database({ knex }),
        now: () => clock,
      });
      expect(await store.latest()).toEqual(new Map());

      await store.record('p1', '2026-12-01T10:00:00.000Z', [
        { cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 1234 },
        { cluster: 'prod-us', outcome: 'failed', reason: 'unreachable' },
      ]);
      clock += 60_000;
      await store.record('p2', '2026-12-01T10:01:00.000Z', [
        { cluster: 'prod-us', outcome: 'succeeded', propagationMs: 800.6 },
      ]);
      expect(Object.fromEntries(await store.latest())).toEqual({
        'dev-eu': {
          at: '2026-12-01T10:00:00.000Z',
          outcome: 'succeeded',
          propagationSeconds: 1.234,
        },
        'prod-us': {
          at: '2026-12-01T10:01:00.000Z',
          outcome: 'succeeded',
          propagationSeconds: 0.801,
        },
      });

      clock += 8 * 24 * 60 * 60_000;
      await store.record('p3', new Date(clock).toISOString(), [
        { cluster: 'prod-eu', outcome: 'timed-out', reason: 'late' },
      ]);
      expect([...(await store.latest()).keys()]).toEqual(['prod-eu']);
      const [{ n }] = await knex('secrets_canary_probes').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });
  },
);
