import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseRotationStore } from './DatabaseRotationStore';
import type { RotationState } from '@secrets-plugin/plugin-secrets-common';
import type { NewRotationRow } from './RotationStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL wherever a connection string is given (.ci/run starts Debian's).
const postgresIds = Object.keys(process.env).flatMap(name => {
  const major =
    /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name)?.[1];
  return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
});
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds] });

it('runs on every database it was given, and on PostgreSQL wherever .ci/run requires it', () => {
  const required = process.env.SECRETS_TEST_REQUIRE_POSTGRES ? 1 : 0;
  expect(postgresIds.length).toBeGreaterThanOrEqual(required);
  expect(postgresIds.filter(id => !databases.supports(id))).toEqual([]);
});

function newRotation(overrides: Partial<NewRotationRow> = {}): NewRotationRow {
  return {
    id: 'r1',
    kind: 'rotation',
    trigger: 'user',
    state: 'planned',
    entityRef: 'component:default/payments-api',
    groupId: 'g-db',
    keyId: 'vault|payments|secret|payments/db',
    requestedBy: 'user:default/alice',
    reason: 'quarterly rotation',
    versionBefore: 3,
    plan: { clusters: ['dev-eu', 'prod-eu'] },
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseRotationStore on %s',
  (databaseId: TestDatabaseId) => {
    let clock = Date.parse('2026-12-01T10:00:00.000Z');
    const now = () => clock;

    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRotationStore.create({
        database: mockServices.database({ knex }),
        now,
      });
      return { store, knex };
    }

    beforeEach(() => {
      clock = Date.parse('2026-12-01T10:00:00.000Z');
    });

    it('stores a rotation and reads it back with its targets and events', async () => {
      const { store } = await createStore();
      const { row, created } = await store.create(newRotation());
      expect(created).toBe(true);
      expect(row).toMatchObject({
        id: 'r1',
        state: 'planned',
        versionBefore: 3,
        createdAt: '2026-12-01T10:00:00.000Z',
      });

      await store.upsertTarget('r1', {
        cluster: 'prod-eu',
        state: 'syncing',
        detail: { externalSecrets: 2 },
      });
      clock += 1000;
      await store.upsertTarget('r1', {
        cluster: 'prod-eu',
        state: 'landed',
        detail: { externalSecrets: 2, propagationMs: 1200 },
        finishedAt: new Date(clock).toISOString(),
      });
      await store.appendEvent('r1', { type: 'requested', message: 'by alice' });
      await store.appendEvent('r1', {
        type: 'landed',
        cluster: 'prod-eu',
        message: 'data-hash changed',
      });

      const record = await store.get('r1');
      expect(record?.rotation.plan).toEqual({
        clusters: ['dev-eu', 'prod-eu'],
      });
      expect(record?.targets).toEqual([
        {
          cluster: 'prod-eu',
          state: 'landed',
          reason: undefined,
          detail: { externalSecrets: 2, propagationMs: 1200 },
          startedAt: '2026-12-01T10:00:00.000Z',
          updatedAt: '2026-12-01T10:00:01.000Z',
          finishedAt: '2026-12-01T10:00:01.000Z',
        },
      ]);
      expect(record?.events.map(e => [e.type, e.cluster])).toEqual([
        ['requested', undefined],
        ['landed', 'prod-eu'],
      ]);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('refuses a second active rotation of the same key with a 409 naming the first', async () => {
      const { store } = await createStore();
      await store.create(newRotation());
      const second = store.create(newRotation({ id: 'r2' }));
      await expect(second).rejects.toThrow(ConflictError);
      await expect(store.create(newRotation({ id: 'r3' }))).rejects.toThrow(
        /Rotation r1 of this key is still planned/,
      );
      // another key is independent
      await expect(
        store.create(newRotation({ id: 'r4', keyId: 'other' })),
      ).resolves.toMatchObject({ created: true });
    });

    it('frees the key once the rotation is terminal, and records when it finished', async () => {
      const { store } = await createStore();
      await store.create(newRotation());
      expect((await store.activeForKey(newRotation().keyId))?.id).toBe('r1');
      clock += 5000;
      expect(
        await store.transition('r1', 'planned', 'succeeded', {
          versionAfter: 4,
        }),
      ).toBe(true);
      expect(await store.activeForKey(newRotation().keyId)).toBeUndefined();
      const last = await store.lastFinished(newRotation().keyId);
      expect(last).toMatchObject({
        id: 'r1',
        versionAfter: 4,
        finishedAt: '2026-12-01T10:00:05.000Z',
      });
      await expect(
        store.create(newRotation({ id: 'r2' })),
      ).resolves.toMatchObject({ created: true });
    });

    it('moves state only from the state the caller saw (compare-and-set)', async () => {
      const { store } = await createStore();
      await store.create(newRotation());
      expect(await store.transition('r1', 'planned', 'writing')).toBe(true);
      // a second runner that still believes the rotation is planned loses
      expect(await store.transition('r1', 'planned', 'writing')).toBe(false);
      expect((await store.get('r1'))?.rotation.state).toBe('writing');
    });

    it('answers a repeated idempotency key with the first rotation (double submit = one rotation)', async () => {
      const { store } = await createStore();
      const first = await store.create(newRotation({ idempotencyKey: 'k1' }));
      const again = await store.create(
        newRotation({ id: 'r2', idempotencyKey: 'k1' }),
      );
      expect(again).toEqual({ row: first.row, created: false });
      // the same key from another requester is not theirs
      await expect(
        store.create(
          newRotation({
            id: 'r3',
            idempotencyKey: 'k1',
            requestedBy: 'user:default/bob',
          }),
        ),
      ).rejects.toThrow(ConflictError);
    });

    it('lets exactly one owner hold the lease until it expires', async () => {
      const { store } = await createStore();
      await store.create(newRotation());
      const [a, b] = await Promise.all([
        store.claim('r1', 'replica-a', 30_000),
        store.claim('r1', 'replica-b', 30_000),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const holder = a ? 'replica-a' : 'replica-b';
      const other = a ? 'replica-b' : 'replica-a';
      expect(await store.claim('r1', holder, 30_000)).toBe(true);
      expect(await store.claimable()).toEqual([]);
      // its holder may take it up again (its run stopped before it could give the lease back)
      expect(await store.claimable(holder)).toEqual(['r1']);
      expect(await store.claimable(other)).toEqual([]);
      clock += 31_000;
      expect(await store.claimable()).toEqual(['r1']);
      expect(await store.claim('r1', other, 30_000)).toBe(true);
      expect(await store.claim('r1', holder, 30_000)).toBe(false);
      await store.release('r1', other);
      expect(await store.claimable()).toEqual(['r1']);
    });

    it('never leases or resumes a terminal rotation', async () => {
      const { store } = await createStore();
      await store.create(newRotation());
      await store.transition('r1', 'planned', 'interrupted', {
        error: 'backend stopped during the Vault write',
      });
      expect(await store.claim('r1', 'replica-a', 30_000)).toBe(false);
      expect(await store.claimable()).toEqual([]);
    });

    it('pages an entity history newest first, filtered by key group', async () => {
      const { store } = await createStore();
      for (let i = 0; i < 5; i++) {
        clock += 1000;
        await store.create(
          newRotation({
            id: `r${i}`,
            keyId: `k${i}`,
            groupId: i % 2 ? 'g-odd' : 'g-even',
            state: 'succeeded',
          }),
        );
      }
      const page = await store.listByEntity('component:default/payments-api', {
        limit: 2,
        offset: 1,
      });
      expect(page.totalCount).toBe(5);
      expect(page.items.map(r => r.id)).toEqual(['r3', 'r2']);
      const odd = await store.listByEntity('component:default/payments-api', {
        groupId: 'g-odd',
        limit: 10,
        offset: 0,
      });
      expect(odd.items.map(r => r.id)).toEqual(['r3', 'r1']);
      expect(odd.totalCount).toBe(2);
    });

    it('names the Vault versions rotations of given keys wrote', async () => {
      const { store } = await createStore();
      const rotations: Array<[string, string, RotationState, number?]> = [
        ['w1', 'k1', 'succeeded', 4],
        ['w2', 'k1', 'failed'], // wrote nothing
        ['w3', 'k2', 'failed', 9],
        ['w4', 'k3', 'succeeded', 2],
      ];
      for (const [id, keyId, end, versionAfter] of rotations) {
        clock += 1000;
        await store.create(newRotation({ id, keyId, state: 'writing' }));
        await store.transition(id, 'writing', end, { versionAfter });
      }
      expect(
        (await store.writtenVersions(['k1', 'k2'])).sort(
          (a, b) => a.version - b.version,
        ),
      ).toEqual([
        { keyId: 'k1', version: 4 },
        { keyId: 'k2', version: 9 },
      ]);
      expect(await store.writtenVersions([])).toEqual([]);
    });
  },
);
