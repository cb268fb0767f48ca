import { buildDataPath, buildMetadataPath } from './vaultPaths';
import { secretValue } from './EsoVaultClient';

describe('ESO Vault paths (client_get.go buildPath examples)', () => {
  it.each([
    [
      { path: 'secret/path', version: 'v2' as const },
      'foo',
      'secret/path/data/foo',
    ],
    [{ path: 'secret/path', version: 'v1' as const }, 'foo', 'secret/path/foo'],
    [
      { path: 'secret/path', version: 'v2' as const },
      'secret/path/foo',
      'secret/path/data/foo',
    ],
    [
      { path: 'secret/path', version: 'v2' as const },
      'secret/path/data/foo',
      'secret/path/data/foo',
    ],
    [{ version: 'v2' as const }, 'secret/path/foo', 'secret/data/path/foo'],
    [
      { version: 'v2' as const },
      'secret/path/data/foo',
      'secret/path/data/foo',
    ],
    [{ version: 'v1' as const }, 'secret/path/foo', 'secret/path/foo'],
  ])('%j + %s → %s', (store, key, expected) => {
    expect(buildDataPath(store, key)).toBe(expected);
  });

  it('builds metadata paths for KV v2', () => {
    expect(buildMetadataPath({ path: 'kv' }, 'payments/db')).toBe(
      'kv/metadata/payments/db',
    );
    expect(() => buildMetadataPath({}, 'payments/db')).toThrow(
      "provided Path isn't a valid kv v2 path",
    );
  });

  it('extracts properties: top-level keys first, then gjson paths', () => {
    const data = {
      password: 'x',
      nested: { user: 'app' },
      'nested.user': 'literal',
    };
    expect(secretValue(data, 'password').toString()).toBe('x');
    expect(secretValue(data, 'nested.user').toString()).toBe('literal');
    expect(
      secretValue({ nested: { user: 'app' } }, 'nested.user').toString(),
    ).toBe('app');
    expect(secretValue({ b: 1, a: 2 }, undefined).toString()).toBe(
      '{"a":2,"b":1}',
    );
    expect(() => secretValue(data, 'missing')).toThrow(
      'cannot find secret data for key: "missing"',
    );
  });
});
