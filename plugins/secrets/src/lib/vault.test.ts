import { describeVaultKey } from './vault';

describe('describeVaultKey', () => {
  const base = {
    server: 'https://vault:8200',
    namespace: 'payments',
    mount: 'secret',
    kvVersion: 'v2' as const,
  };

  it('names server, namespace, mount and key with its property', () => {
    expect(
      describeVaultKey({ ...base, key: 'app/db', property: 'password' }),
    ).toBe(
      'https://vault:8200 / namespace payments / mount secret (KV v2) / app/db#password',
    );
  });

  it('says what a find matches under its path', () => {
    expect(
      describeVaultKey({ ...base, key: 'app', find: 'name ~ ^db-' }),
    ).toMatch(/mount secret \(KV v2\) \/ app \(find: name ~ \^db-\)$/);
    expect(describeVaultKey({ key: '', find: 'no Vault reference' })).toBe(
      '/ (find: no Vault reference)',
    );
  });
});
