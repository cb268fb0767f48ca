import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

describe('Vault Enterprise namespaces', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.createNamespace('team-payments');
    vault.engine.createNamespace('team-payments/dev');
    vault.engine.enableKv({
      namespace: 'team-payments',
      path: 'secret',
      version: 2,
    });
    vault.engine.enableKv({
      namespace: 'team-payments/dev',
      path: 'secret',
      version: 2,
    });
    vault.engine.putSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'x',
      data: { v: 'payments' },
    });
    vault.engine.putSecret({
      namespace: 'team-payments/dev',
      mount: 'secret',
      path: 'x',
      data: { v: 'dev' },
    });
  });
  afterAll(() => vault.stop());

  it('resolves the namespace from the header, the path prefix, or both', async () => {
    const token = vault.rootToken;
    const byHeader = await vaultFetch(vault, 'GET', 'secret/data/x', {
      token,
      namespace: 'team-payments',
    });
    const byPath = await vaultFetch(
      vault,
      'GET',
      'team-payments/secret/data/x',
      { token },
    );
    const split = await vaultFetch(vault, 'GET', 'dev/secret/data/x', {
      token,
      namespace: 'team-payments/',
    });
    const nestedPath = await vaultFetch(
      vault,
      'GET',
      'team-payments/dev/secret/data/x',
      { token },
    );
    expect(byHeader.body.data.data).toEqual({ v: 'payments' });
    expect(byPath.body.data.data).toEqual({ v: 'payments' });
    expect(split.body.data.data).toEqual({ v: 'dev' });
    expect(nestedPath.body.data.data).toEqual({ v: 'dev' });
  });

  it('keeps mounts per namespace', async () => {
    const root = await vaultFetch(vault, 'GET', 'secret/data/x', {
      token: vault.rootToken,
    });
    expect(root).toMatchObject({
      status: 404,
      body: {
        errors: [
          'no handler for route "secret/data/x". route entry not found.',
        ],
      },
    });
  });

  it('scopes tokens and policies to the namespace they were created in', async () => {
    vault.engine.writePolicy({
      namespace: 'team-payments',
      name: 'reader',
      policy:
        'path "secret/data/*" { capabilities = ["read"] }\npath "dev/secret/data/*" { capabilities = ["read"] }',
    });
    const { token } = vault.engine.createToken({
      namespace: 'team-payments',
      policies: ['reader'],
    });
    expect(token).toMatch(/^hvs\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{5}$/);
    expect(
      (
        await vaultFetch(vault, 'GET', 'secret/data/x', {
          token,
          namespace: 'team-payments',
        })
      ).status,
    ).toBe(200);
    // the child namespace is reached through the parent's policy path "dev/secret/data/*"
    expect(
      (
        await vaultFetch(vault, 'GET', 'team-payments/dev/secret/data/x', {
          token,
        })
      ).status,
    ).toBe(200);
    // outside its namespace the token has no power
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.putSecret({ mount: 'secret', path: 'x', data: { v: 'root' } });
    const inRoot = await vaultFetch(vault, 'GET', 'secret/data/x', { token });
    expect(inRoot.status).toBe(403);
    // a policy of the same name in root is not the namespace's policy
    vault.engine.writePolicy({
      name: 'reader',
      policy: 'path "secret/data/*" { capabilities = ["read"] }',
    });
    const rootReader = vault.engine.createToken({ policies: ['reader'] }).token;
    expect(
      (
        await vaultFetch(vault, 'GET', 'secret/data/x', {
          token: rootReader,
          namespace: 'team-payments',
        })
      ).status,
    ).toBe(403);
    const lookup = await vaultFetch(vault, 'GET', 'auth/token/lookup-self', {
      token,
      namespace: 'team-payments',
    });
    expect(lookup.body.data.namespace_path).toBe('team-payments/');
    expect(lookup.body.mount_type).toBe('ns_token');
  });

  it('lists and creates namespaces through sys/namespaces', async () => {
    const created = await vaultFetch(
      vault,
      'POST',
      'sys/namespaces/team-orders',
      {
        token: vault.rootToken,
        body: { custom_metadata: { owner: 'orders' } },
      },
    );
    expect(created.body.data).toEqual({
      custom_metadata: { owner: 'orders' },
      id: expect.stringMatching(/^[A-Za-z0-9]{5}$/),
      path: 'team-orders/',
    });
    const nested = await vaultFetch(vault, 'POST', 'sys/namespaces/qa', {
      token: vault.rootToken,
      namespace: 'team-orders',
    });
    expect(nested.body.data.path).toBe('team-orders/qa/');
    const listed = await vaultFetch(vault, 'LIST', 'sys/namespaces', {
      token: vault.rootToken,
    });
    expect(listed.body.data.keys).toEqual(['team-orders/', 'team-payments/']);
    expect(listed.body.data.key_info['team-payments/'].path).toBe(
      'team-payments/',
    );
    const viaGet = await vaultFetch(vault, 'GET', 'sys/namespaces?list=true', {
      token: vault.rootToken,
      namespace: 'team-payments',
    });
    expect(viaGet.body.data.keys).toEqual(['dev/']);
  });

  it("works with node-vault's client-level namespace, including update()", async () => {
    const client = NodeVault({
      endpoint: vault.url,
      token: vault.rootToken,
      namespace: 'team-payments',
    });
    await client.write('secret/data/nv', { data: { a: 1, b: 2 } });
    await client.update('secret/data/nv', { data: { b: null } });
    expect((await client.read('secret/data/nv')).data.data).toEqual({ a: 1 });
  });

  it('sees the request node-vault really sends when update() drops a per-call namespace header', async () => {
    const client = NodeVault({ endpoint: vault.url, token: vault.rootToken });
    const headers = { 'X-Vault-Namespace': 'team-payments' };
    expect(
      (await client.read('secret/data/nv', { headers })).data.data,
    ).toEqual({ a: 1 });
    // update() replaces headers with the merge-patch content type, so this PATCH lands in root,
    // where secret/ holds no "nv" key: 404 with an empty body, like Vault's PATCH on a missing key
    await expect(
      client.update('secret/data/nv', { data: { a: 2 } }, { headers }),
    ).rejects.toMatchObject({
      response: { statusCode: 404 },
    });
    expect(
      vault.engine.readSecret({
        namespace: 'team-payments',
        mount: 'secret',
        path: 'nv',
      })?.data,
    ).toEqual({ a: 1 });
  });
});
