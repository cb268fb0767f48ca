import { InputError } from '@backstage/errors';
import { describeSecret, kvApiPaths, normaliseNamespace } from './kvPaths';

const server = 'https://vault.example.com';

describe('kvApiPaths', () => {
  it('builds KV v2 data, metadata and subkeys paths with every segment encoded', () => {
    expect(
      kvApiPaths({ server, mount: 'kv/team', key: 'app/a b#c?d%e&f=g' }),
    ).toEqual({
      data: 'kv/team/data/app/a%20b%23c%3Fd%25e%26f%3Dg',
      metadata: 'kv/team/metadata/app/a%20b%23c%3Fd%25e%26f%3Dg',
      subkeys: 'kv/team/subkeys/app/a%20b%23c%3Fd%25e%26f%3Dg',
      aclData: 'kv/team/data/app/a b#c?d%e&f=g',
      aclMetadata: 'kv/team/metadata/app/a b#c?d%e&f=g',
      aclSubkeys: 'kv/team/subkeys/app/a b#c?d%e&f=g',
    });
  });

  it('builds KV v1 paths without data/ or metadata/', () => {
    expect(
      kvApiPaths({ server, mount: '/legacy/', key: 'app/db', kvVersion: 'v1' }),
    ).toEqual({ data: 'legacy/app/db', aclData: 'legacy/app/db' });
  });

  it.each(['../sys/seal', 'app//db', 'app/./db', ''])(
    'refuses the key %p',
    key => {
      expect(() => kvApiPaths({ server, mount: 'secret', key })).toThrow(
        InputError,
      );
    },
  );

  it('normalises namespaces and describes a secret without values', () => {
    expect(normaliseNamespace('/team-a/sub/')).toBe('team-a/sub');
    expect(normaliseNamespace(undefined)).toBe('');
    expect(
      describeSecret({
        server,
        namespace: 'team-a/',
        mount: 'secret',
        key: 'db',
      }),
    ).toBe('secret/db in namespace team-a');
  });
});
