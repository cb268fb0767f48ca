import { vaultCoordinates, vaultGroupId } from './vaultCoordinates';

const store = (path?: string) => ({
  kind: 'ClusterSecretStore' as const,
  name: 'vault',
  vault: {
    server: 'https://vault.example.com:8200/',
    namespace: 'team-a',
    path,
    version: 'v2' as const,
  },
});

describe('vaultCoordinates', () => {
  it('reads the mount from the store path and keeps the key relative to it', () => {
    expect(
      vaultCoordinates(store('secret'), {
        key: 'app/db',
        property: 'password',
        version: '3',
      }),
    ).toEqual({
      server: 'https://vault.example.com:8200',
      namespace: 'team-a',
      mount: 'secret',
      kvVersion: 'v2',
      key: 'app/db',
      property: 'password',
      pinnedVersion: '3',
    });
  });

  it('takes the mount from the key when the store has no path, dropping a KV v2 data/ segment', () => {
    expect(vaultCoordinates(store(), { key: 'kv/data/app/db' })).toMatchObject({
      mount: 'kv',
      key: 'app/db',
    });
  });

  it('has no property for dataFrom.extract, and one group id per secret whatever the property', () => {
    const a = vaultCoordinates(store('secret'), {
      key: 'app/db',
      extract: true,
      property: 'x',
    });
    expect(a.property).toBeUndefined();
    const b = vaultCoordinates(store('secret'), {
      key: 'app/db',
      property: 'user',
    });
    expect(vaultGroupId(a)).toBe(vaultGroupId(b));
    expect(vaultGroupId(a)).not.toBe(
      vaultGroupId(vaultCoordinates(store('other'), { key: 'app/db' })),
    );
  });
});
