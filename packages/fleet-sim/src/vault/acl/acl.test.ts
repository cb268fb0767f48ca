import { Acl, lowerPriority, matchesWildcard } from './acl';
import { parseAclPolicy } from './policyParser';

const acl = (...texts: string[]) =>
  new Acl(texts.map((t, i) => parseAclPolicy(`p${i}`, t)));

describe('Acl', () => {
  it('matches exact paths, * prefix globs and + segment wildcards', () => {
    expect(
      matchesWildcard('secret/data/payments/*', 'secret/data/payments/db'),
    ).toBe(true);
    expect(
      matchesWildcard('secret/data/payments/*', 'secret/data/paymentsx'),
    ).toBe(false);
    expect(matchesWildcard('secret/data/pay*', 'secret/data/payments/db')).toBe(
      true,
    );
    expect(matchesWildcard('secret/+/payments', 'secret/data/payments')).toBe(
      true,
    );
    expect(matchesWildcard('secret/+/payments', 'secret/data/payments/x')).toBe(
      false,
    );
    expect(matchesWildcard('secret/+/pay*', 'secret/data/payments/x')).toBe(
      true,
    );
  });

  it("follows Vault's priority order between wildcard rules", () => {
    expect(lowerPriority('secret/*', 'secret/data/*')).toBe(true);
    expect(lowerPriority('secret/data/*', 'secret/data/x')).toBe(true);
    expect(lowerPriority('secret/+/x', 'secret/data/*')).toBe(true);
    expect(lowerPriority('a/+/+/c', 'a/+/b/c')).toBe(true);
  });

  it('uses the single best match rather than merging rules', () => {
    const a = acl(`
      path "secret/data/*" { capabilities = ["read", "list"] }
      path "secret/data/payments/*" { capabilities = ["create", "update"] }
    `);
    expect([...a.capabilitiesFor('secret/data/payments/db')].sort()).toEqual([
      'create',
      'update',
    ]);
    expect(a.allows('secret/data/payments/db', 'read')).toBe(false);
    expect(a.allows('secret/data/other', 'read')).toBe(true);
  });

  it('unions capabilities of the same path across policies and lets deny win', () => {
    const a = acl(
      'path "secret/data/x" { capabilities = ["read"] }',
      'path "secret/data/x" { capabilities = ["update"] }',
    );
    expect(a.capabilityNames('secret/data/x')).toEqual(['read', 'update']);
    const denied = acl(
      'path "secret/*" { capabilities = ["read"] }',
      'path "secret/*" { capabilities = ["deny"] }',
    );
    expect(denied.allows('secret/data/x', 'read')).toBe(false);
    expect(denied.capabilityNames('secret/data/x')).toEqual(['deny']);
  });

  it('lets an exact rule on a directory grant list on its trailing-slash path', () => {
    const a = acl('path "secret/metadata/team" { capabilities = ["list"] }');
    expect(a.allows('secret/metadata/team/', 'list')).toBe(true);
    expect(a.allows('secret/metadata/team/', 'read')).toBe(false);
  });

  it('requires sudo only where asked and treats root as everything', () => {
    const a = acl('path "sys/auth/*" { capabilities = ["update"] }');
    expect(a.allows('sys/auth/approle', 'update', true)).toBe(false);
    expect(
      new Acl([{ name: 'root', raw: '', rules: [] }]).allows(
        'anything',
        'delete',
        true,
      ),
    ).toBe(true);
  });

  it("parses JSON policies and rejects unknown capabilities with Vault's wording", () => {
    const a = new Acl([
      parseAclPolicy(
        'j',
        JSON.stringify({
          path: { 'secret/data/*': { capabilities: ['read'] } },
        }),
      ),
    ]);
    expect(a.allows('secret/data/a', 'read')).toBe(true);
    expect(() =>
      parseAclPolicy('bad', 'path "x" { capabilities = ["reed"] }'),
    ).toThrow('failed to parse policy: path "x": invalid capability "reed"');
  });

  it('applies allowed_parameters and denied_parameters to the parameters of a write', () => {
    const a = acl(`
      path "secret/metadata/*" {
        capabilities = ["read", "patch"]
        allowed_parameters = { "custom_metadata" = [] }
      }
      path "secret/config" {
        capabilities = ["update"]
        allowed_parameters = { "max_versions" = [5, 10], "*" = [] }
        denied_parameters = { "cas_required" = [] }
      }
    `);
    const meta = 'secret/metadata/app';
    expect(
      a.allows(meta, 'patch', false, { custom_metadata: { a: 'b' } }),
    ).toBe(true);
    expect(
      a.allows(meta, 'patch', false, { custom_metadata: {}, max_versions: 1 }),
    ).toBe(false);
    expect(a.allows(meta, 'patch', false, { Custom_Metadata: {} })).toBe(true);
    // a read without parameters is not constrained
    expect(a.allows(meta, 'read')).toBe(true);
    const config = 'secret/config';
    expect(a.allows(config, 'update', false, { max_versions: 10 })).toBe(true);
    expect(a.allows(config, 'update', false, { max_versions: 3 })).toBe(false);
    expect(a.allows(config, 'update', false, { other: 1 })).toBe(true);
    expect(a.allows(config, 'update', false, { cas_required: true })).toBe(
      false,
    );
  });

  it('unions parameter constraints of the same path across policies', () => {
    const a = acl(
      'path "kv/x" { capabilities = ["update"]\n allowed_parameters = { "a" = ["1"] } }',
      'path "kv/x" { capabilities = ["update"]\n allowed_parameters = { "a" = ["2"], "b" = [] } }',
    );
    expect(a.allows('kv/x', 'update', false, { a: '2', b: 'z' })).toBe(true);
    expect(a.allows('kv/x', 'update', false, { a: '3' })).toBe(false);
    expect(
      acl(
        'path "kv/x" { capabilities = ["update"]\n denied_parameters = { "*" = [] } }',
      ).allows('kv/x', 'update', false, { a: '1' }),
    ).toBe(false);
  });
});
