import type { SecretGroup } from '@secrets-plugin/plugin-secrets-common';
import { KvMetadataCache } from '../../vault/KvMetadataCache';
import type { KvMetadata, VaultSecretRef } from '../../vault';
import { ExternalChanges } from './ExternalChanges';

const group = (id: string, key: string, extra = {}): SecretGroup => ({
  id,
  vault: {
    server: 'https://vault.example.com',
    namespace: 'team-payments',
    mount: 'secret',
    key,
    ...extra,
  },
  rows: [],
});

const metadata = (versions: number[]): KvMetadata => ({
  currentVersion: Math.max(...versions),
  oldestVersion: Math.min(...versions),
  maxVersions: 0,
  casRequired: false,
  customMetadata: {},
  versions: versions.map(v => ({
    version: v,
    createdTime: `2026-12-0${v}T00:00:00Z`,
    destroyed: v === 1,
    ...(v === 2 && { deletionTime: '2026-12-05T00:00:00Z' }),
  })),
});

function setup(
  groups: SecretGroup[],
  fail = false,
  pluginKeys?: VaultSecretRef[],
) {
  const readMetadata = jest.fn(async (s: { key: string }) => {
    if (fail) throw new Error('Vault server vault: sealed');
    return metadata(s.key === 'payments-api/db' ? [1, 2, 3, 4] : [1]);
  });
  const writtenVersions = jest.fn(async () => [
    { keyId: 'g-db', version: 3 },
    { keyId: 'g-other', version: 4 },
  ]);
  const changes = new ExternalChanges({
    secrets: { getEntitySecrets: async () => ({ groups } as any) },
    metadata: new KvMetadataCache({ readMetadata }),
    store: { writtenVersions },
    pluginKeys,
  });
  return { changes, readMetadata, writtenVersions };
}

const options = { credentials: {} as any };

describe('ExternalChanges', () => {
  it("lists the key's Vault versions no rotation recorded writing, with their times and deletion, never data", async () => {
    const { changes, writtenVersions } = setup([
      group('g-db', 'payments-api/db'),
      group('g-find', 'payments-api', { find: 'name ~ ^db-' }),
    ]);
    const found = await changes.of(
      'component:default/payments-api',
      undefined,
      options,
    );
    expect(found).toEqual([
      {
        source: 'external',
        id: 'g-db@1',
        groupId: 'g-db',
        version: 1,
        createdAt: '2026-12-01T00:00:00Z',
        destroyed: true,
      },
      {
        source: 'external',
        id: 'g-db@2',
        groupId: 'g-db',
        version: 2,
        createdAt: '2026-12-02T00:00:00Z',
        deletedAt: '2026-12-05T00:00:00Z',
        destroyed: false,
      },
      // version 3 is the rotation's; 4 was written by a rotation of another key id only
      {
        source: 'external',
        id: 'g-db@4',
        groupId: 'g-db',
        version: 4,
        createdAt: '2026-12-04T00:00:00Z',
        destroyed: false,
      },
    ]);
    expect(writtenVersions).toHaveBeenCalledWith(['g-db']);
  });

  it('only the asked key, and nothing (rather than a failure) when Vault or the entity cannot be read', async () => {
    const { changes } = setup([
      group('g-db', 'payments-api/db'),
      group('g-key', 'payments-api/api-key'),
    ]);
    expect(
      (
        await changes.of('component:default/payments-api', 'g-key', options)
      ).map(c => c.id),
    ).toEqual(['g-key@1']);
    const sealed = setup([group('g-db', 'payments-api/db')], true);
    expect(
      await sealed.changes.of(
        'component:default/payments-api',
        undefined,
        options,
      ),
    ).toEqual([]);
    const gone = new ExternalChanges({
      secrets: {
        getEntitySecrets: async () => {
          throw new Error('No entity');
        },
      },
      metadata: new KvMetadataCache({ readMetadata: jest.fn() }),
      store: { writtenVersions: jest.fn() },
    });
    expect(
      await gone.of('component:default/payments-api', undefined, options),
    ).toEqual([]);
  });

  it("never calls the canary's probe writes external: the plugin wrote them", async () => {
    const canary = group('g-canary', 'platform/canary');
    const { changes, readMetadata } = setup(
      [canary, group('g-db', 'payments-api/db')],
      false,
      [
        {
          server: 'https://vault.example.com',
          namespace: '/team-payments/',
          mount: 'secret',
          key: 'platform/canary',
        },
      ],
    );
    const found = await changes.of(
      'component:default/platform-canary',
      undefined,
      options,
    );
    expect(new Set(found.map(c => c.groupId))).toEqual(new Set(['g-db']));
    expect(readMetadata).toHaveBeenCalledTimes(1);
  });
});
