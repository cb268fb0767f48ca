import type {
  ExternalSecretRow,
  SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { KvMetadataCache } from '../vault/KvMetadataCache';
import type { KvMetadata } from '../vault';
import { KeyAges } from './keyAges';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-31T00:00:00Z');
const vault = {
  server: 'https://vault.example.com',
  namespace: 'team-payments',
  mount: 'secret',
  key: 'payments-api/db',
};
const row = (cluster: string, lastSyncAt: string) =>
  ({
    cluster,
    namespace: 'payments',
    name: 'db',
    lastSyncAt,
    target: { name: 'db', exists: true },
    takesEffect: { reason: 'next-refresh', forceSyncHelps: true },
  } as unknown as ExternalSecretRow);
const group: SecretGroup = {
  id: 'g-db',
  vault,
  rows: [
    row('prod-eu', '2026-12-02T00:00:00Z'),
    row('dev-eu', '2026-11-30T00:00:00Z'),
  ],
};
const metadata: KvMetadata = {
  currentVersion: 3,
  oldestVersion: 1,
  maxVersions: 0,
  casRequired: false,
  updatedTime: '2026-12-01T00:00:00Z',
  customMetadata: {},
  versions: [
    { version: 2, createdTime: '2026-10-01T00:00:00Z', destroyed: false },
    { version: 3, createdTime: '2026-12-01T00:00:00Z', destroyed: false },
  ],
};

function setup(
  readMetadata: (s: { key: string }) => Promise<KvMetadata> = jest.fn(
    async () => metadata,
  ),
) {
  const ages = new KeyAges({
    metadata: new KvMetadataCache({ readMetadata }, { now: () => NOW }),
    schedules: [
      { path: 'secret/payments-api/*', every: '14d', everyMs: 14 * DAY },
    ],
  });
  return { ages, readMetadata };
}

describe('KeyAges', () => {
  it("adds the key's age, its schedule and each reader's drift, without touching the shared group", async () => {
    const { ages } = setup();
    const [aged] = await ages.groups(
      [group],
      r => ({ ...r, rotateEvery: r.cluster === 'dev-eu' ? '60d' : undefined }),
      NOW,
    );
    expect(aged.age).toMatchObject({
      currentVersion: 3,
      versionCreatedAt: '2026-12-01T00:00:00Z',
      ageSeconds: 30 * 86_400,
      // the config's 14d is shorter than dev-eu's annotation
      schedule: {
        every: '14d',
        source: 'config',
        path: 'secret/payments-api/*',
      },
      overdue: true,
    });
    expect(aged.rows.map(r => [r.cluster, r.drift?.state])).toEqual([
      ['prod-eu', 'current'],
      ['dev-eu', 'behind'],
    ]);
    expect(group.rows[0].drift).toBeUndefined();
    expect((group as SecretGroup).age).toBeUndefined();
  });

  it('hands out the same row objects while their drift stays the same, new ones when it changes', async () => {
    let current = metadata;
    const cache = new KvMetadataCache(
      { readMetadata: async () => current },
      { now: () => NOW },
    );
    const ages = new KeyAges({ metadata: cache, schedules: [] });
    const readerOf = (r: ExternalSecretRow) => ({
      ...r,
      rotateEvery: undefined,
    });
    const [first] = await ages.groups([group], readerOf, NOW);
    const [again] = await ages.groups([group], readerOf, NOW);
    expect(again.rows[0]).toBe(first.rows[0]);
    expect(again.rows[1]).toBe(first.rows[1]);
    // a rotation writes version 4: the readers synced before it fall behind
    current = {
      ...metadata,
      currentVersion: 4,
      versions: [
        ...metadata.versions,
        { version: 4, createdTime: '2026-12-30T00:00:00Z', destroyed: false },
      ],
    };
    cache.invalidate({ ...vault, kvVersion: 'v2' } as any);
    const [after] = await ages.groups([group], readerOf, NOW);
    expect(after.rows[0].drift).not.toEqual(first.rows[0].drift);
    expect(after.rows[0]).not.toBe(first.rows[0]);
    expect(after.rows[0]).toEqual({
      ...group.rows[0],
      drift: after.rows[0].drift,
    });
  });

  it("shows Vault's error on the key instead of failing, and leaves drift out", async () => {
    const { ages } = setup(
      jest.fn(async () => {
        throw new Error(
          'Vault server vault: reading metadata of secret/payments-api/db: permission denied',
        );
      }),
    );
    const [aged] = await ages.groups([group], r => r, NOW);
    expect(aged.age).toMatchObject({
      overdue: false,
      error: expect.stringContaining('permission denied'),
    });
    expect(aged.rows).toBe(group.rows);
  });

  it('leaves groups that name no single secret alone, without asking Vault', async () => {
    const { ages, readMetadata } = setup();
    const find = { ...group, vault: { ...vault, find: 'name ~ ^db-' } };
    expect(await ages.groups([find], r => r, NOW)).toEqual([find]);
    expect(readMetadata).not.toHaveBeenCalled();
  });

  it('lists scheduled keys overdue first, and only keys with a schedule', async () => {
    const young = {
      ...metadata,
      versions: [
        { version: 3, createdTime: '2026-12-30T00:00:00Z', destroyed: false },
      ],
    };
    const { ages } = setup(
      jest.fn(async (s: { key: string }) =>
        s.key === 'payments-api/db' ? metadata : young,
      ),
    );
    const reader = { cluster: 'prod-eu', namespace: 'payments', name: 'x' };
    const keys = await ages.scheduled(
      [
        {
          id: 'young',
          vault: { ...vault, key: 'payments-api/api' },
          readers: [reader],
        },
        { id: 'old', vault, readers: [reader] },
        {
          id: 'unscheduled',
          vault: { ...vault, key: 'other/db' },
          readers: [reader],
        },
      ],
      NOW,
    );
    expect(keys.map(k => [k.id, k.age.overdue])).toEqual([
      ['old', true],
      ['young', false],
    ]);
    expect(keys[0].readers).toEqual([reader]);
  });
});
