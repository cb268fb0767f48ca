import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

const PAYMENTS_POLICY = `
# rotation bot
path "secret/data/payments/*" {
  capabilities = ["read", "create", "update"]
}
path "secret/metadata/payments/*" {
  capabilities = ["read", "list"]
}
path "secret/data/payments/locked" {
  capabilities = ["deny"]
}
`;

describe('ACL enforcement over HTTP', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;
  let token: string;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.writePolicy({
      name: 'payments-rotator',
      policy: PAYMENTS_POLICY,
    });
    vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'x' },
    });
    vault.engine.putSecret({
      mount: 'secret',
      path: 'orders/db',
      data: { password: 'y' },
    });
    token = vault.engine.createToken({ policies: ['payments-rotator'] }).token;
  });
  afterAll(() => vault.stop());

  it('allows what the policy grants', async () => {
    const client = NodeVault({ endpoint: vault.url, token });
    expect((await client.read('secret/data/payments/db')).data.data).toEqual({
      password: 'x',
    });
    await client.write('secret/data/payments/new', { data: { a: 1 } });
  });

  it('answers a denied operation with 403 and the multierror-wrapped message', async () => {
    const raw = await vaultFetch(vault, 'GET', 'secret/data/orders/db', {
      token,
    });
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual({
      errors: ['1 error occurred:\n\t* permission denied\n\n'],
    });
    const client = NodeVault({ endpoint: vault.url, token });
    await expect(
      client.delete('secret/data/payments/db'),
    ).rejects.toMatchObject({
      message: '1 error occurred:\n\t* permission denied\n\n',
      response: { statusCode: 403 },
    });
    await expect(
      client.read('secret/data/payments/locked'),
    ).rejects.toMatchObject({ response: { statusCode: 403 } });
  });

  it('distinguishes create from update by the existence check', async () => {
    vault.engine.writePolicy({
      name: 'update-only',
      policy: 'path "secret/data/*" { capabilities = ["update"] }',
    });
    const updater = vault.engine.createToken({
      policies: ['update-only'],
    }).token;
    const existing = await vaultFetch(vault, 'POST', 'secret/data/orders/db', {
      token: updater,
      body: { data: { p: 1 } },
    });
    expect(existing.status).toBe(200);
    const fresh = await vaultFetch(
      vault,
      'POST',
      'secret/data/orders/brand-new',
      { token: updater, body: { data: { p: 1 } } },
    );
    expect(fresh.status).toBe(403);
  });

  it('rejects missing, unknown and revoked tokens with 403', async () => {
    const missing = await vaultFetch(vault, 'GET', 'secret/data/payments/db');
    expect(missing).toMatchObject({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    const bogus = await vaultFetch(vault, 'GET', 'secret/data/payments/db', {
      token: 'hvs.bogus',
    });
    expect(bogus).toMatchObject({
      status: 403,
      body: {
        errors: [
          '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n',
        ],
      },
    });
    const doomed = vault.engine.createToken({
      policies: ['payments-rotator'],
    }).token;
    vault.revokeToken(doomed);
    const revoked = await vaultFetch(vault, 'GET', 'secret/data/payments/db', {
      token: doomed,
    });
    expect(revoked.status).toBe(403);
    expect(revoked.body.errors[0]).toContain('permission denied');
  });

  it('accepts the token as an Authorization bearer too', async () => {
    const raw = await vaultFetch(vault, 'GET', 'secret/data/payments/db', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(raw.status).toBe(200);
  });

  it('reports capabilities per path through sys/capabilities-self', async () => {
    const client = NodeVault({ endpoint: vault.url, token });
    const paths = [
      'secret/data/payments/db',
      'secret/metadata/payments/db',
      'secret/data/orders/db',
      'secret/data/payments/locked',
    ];
    const caps = await client.write('sys/capabilities-self', { paths });
    expect(caps.data).toEqual({
      'secret/data/payments/db': ['create', 'read', 'update'],
      'secret/metadata/payments/db': ['list', 'read'],
      'secret/data/orders/db': ['deny'],
      'secret/data/payments/locked': ['deny'],
    });
    const single = await client.write('sys/capabilities-self', {
      paths: ['secret/data/payments/db'],
    });
    expect(single.data.capabilities).toEqual(['create', 'read', 'update']);
    const root = await vaultFetch(vault, 'POST', 'sys/capabilities-self', {
      token: vault.rootToken,
      body: { paths: ['x'] },
    });
    expect(root.body.data.x).toEqual(['root']);
  });

  it('manages policies through sys/policies/acl and sys/policy', async () => {
    const put = await vaultFetch(vault, 'PUT', 'sys/policies/acl/reader', {
      token: vault.rootToken,
      body: { policy: 'path "secret/data/*" { capabilities = ["read"] }' },
    });
    expect(put.status).toBe(204);
    const listed = await vaultFetch(vault, 'LIST', 'sys/policies/acl', {
      token: vault.rootToken,
    });
    expect(listed.body.data.keys).toEqual([
      'default',
      'payments-rotator',
      'reader',
      'root',
      'update-only',
    ]);
    const legacy = await vaultFetch(vault, 'GET', 'sys/policy/reader', {
      token: vault.rootToken,
    });
    expect(legacy.body).toMatchObject({
      name: 'reader',
      rules: expect.stringContaining('secret/data/*'),
      data: { name: 'reader' },
    });
    const bad = await vaultFetch(vault, 'PUT', 'sys/policies/acl/bad', {
      token: vault.rootToken,
      body: { policy: 'path "x" { capabilities = ["fly"] }' },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        errors: ['failed to parse policy: path "x": invalid capability "fly"'],
      },
    });
  });

  it("grants the default policy's self-service paths to every token", async () => {
    const lookup = await vaultFetch(vault, 'GET', 'auth/token/lookup-self', {
      token,
    });
    expect(lookup.status).toBe(200);
    const bare = vault.engine.createToken({
      policies: ['payments-rotator'],
      noDefaultPolicy: true,
    }).token;
    const denied = await vaultFetch(vault, 'GET', 'auth/token/lookup-self', {
      token: bare,
    });
    expect(denied.status).toBe(403);
  });
});
