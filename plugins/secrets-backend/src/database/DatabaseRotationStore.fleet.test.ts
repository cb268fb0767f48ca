import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseRotationStore } from './DatabaseRotationStore';
import type { NewRotationRow } from './RotationStore';

jest.setTimeout(60_000);

const postgresIds = Object.keys(process.env).flatMap(name => {
  const major =
    /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name)?.[1];
  return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
});
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds] });

function newRotation(overrides: Partial<NewRotationRow>): NewRotationRow {
  return {
    id: 'r',
    kind: 'rotation',
    trigger: 'user',
    state: 'planned',
    entityRef: 'component:default/payments-api',
    groupId: 'g-db',
    keyId: 'k',
    requestedBy: 'user:default/alice',
    reason: 'quarterly rotation',
    plan: {},
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseRotationStore.listFleet on %s',
  (databaseId: TestDatabaseId) => {
    it('lists unfinished rotations and recent failures of every entity, newest first, with targets', async () => {
      let clock = Date.parse('2026-12-01T10:00:00.000Z');
      const knex = await databases.init(databaseId);
      const store = await DatabaseRotationStore.create({
        database: mockServices.database({ knex }),
        now: () => clock,
      });
      const add = async (id: string, state: NewRotationRow['state']) => {
        clock += 60_000;
        await store.create(
          newRotation({ id, keyId: `k-${id}`, entityRef: `component:x/${id}` }),
        );
        if (state !== 'planned') await store.transition(id, 'planned', state);
      };
      await add('old-failed', 'failed'); // 10:01, before the window
      await add('running', 'syncing');
      await add('partial', 'partially-failed');
      await add('ok', 'succeeded');
      await add('waiting', 'awaiting-approval');
      await add('gone', 'interrupted');
      await store.upsertTarget('partial', {
        cluster: 'prod-eu',
        state: 'timed-out',
        reason: 'store not ready',
        detail: {},
      });
      await store.upsertTarget('partial', {
        cluster: 'dev-eu',
        state: 'landed',
        detail: {},
      });
      await store.upsertTarget('ok', {
        cluster: 'dev-eu',
        state: 'landed',
        detail: {},
      });

      const page = await store.listFleet({
        failedStates: ['failed', 'partially-failed', 'interrupted'],
        finishedSince: '2026-12-01T10:02:00.000Z',
        limit: 10,
      });
      expect(page.inFlight.map(r => r.rotation.id)).toEqual([
        'waiting',
        'running',
      ]);
      expect(page.failed.map(r => r.rotation.id)).toEqual(['gone', 'partial']);
      expect(
        page.failed[1].targets.map(t => [t.cluster, t.state, t.reason]),
      ).toEqual([
        ['dev-eu', 'landed', undefined],
        ['prod-eu', 'timed-out', 'store not ready'],
      ]);
      expect(page.inFlight[0].targets).toEqual([]);

      const one = await store.listFleet({
        failedStates: ['failed'],
        finishedSince: '2026-12-01T10:00:00.000Z',
        limit: 1,
      });
      expect(one.inFlight.map(r => r.rotation.id)).toEqual(['waiting']);
      expect(one.failed.map(r => r.rotation.id)).toEqual(['old-failed']);
    });
  },
);
