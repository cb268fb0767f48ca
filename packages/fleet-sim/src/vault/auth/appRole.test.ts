import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

describe('AppRole auth', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.writePolicy({
      name: 'app',
      policy: 'path "secret/data/app/*" { capabilities = ["read"] }',
    });
    vault.engine.putSecret({
      mount: 'secret',
      path: 'app/db',
      data: { password: 'pw' },
    });
  });
  afterAll(() => vault.stop());

  it("logs in with role_id + secret_id via node-vault and returns Vault's auth block", async () => {
    const { roleId, secretId } = vault.engine.createAppRole({
      roleName: 'backstage',
      policies: ['app'],
      tokenTtlSeconds: 3600,
    });
    const client = NodeVault({ endpoint: vault.url });
    const login = await client.approleLogin({
      role_id: roleId,
      secret_id: secretId,
    });
    expect(login.auth).toEqual({
      client_token: expect.stringMatching(/^hvs\./),
      accessor: expect.any(String),
      policies: ['app', 'default'],
      token_policies: ['app', 'default'],
      metadata: { role_name: 'backstage' },
      lease_duration: 3600,
      renewable: true,
      entity_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    });
    expect(login.data).toBeNull();
    // node-vault adopts the login token
    expect((await client.read('secret/data/app/db')).data.data).toEqual({
      password: 'pw',
    });
    const self = await client.tokenLookupSelf();
    expect(self.data).toMatchObject({
      display_name: 'approle',
      path: 'auth/approle/login',
      policies: ['app', 'default'],
    });
  });

  it('words failures like Vault', async () => {
    const { roleId } = vault.engine.createAppRole({
      roleName: 'other',
      policies: ['app'],
    });
    const cases: Array<[unknown, string]> = [
      [{}, 'missing role_id'],
      [{ role_id: 'nope', secret_id: 'x' }, 'invalid role or secret ID'],
      [{ role_id: roleId }, 'missing secret_id'],
      [{ role_id: roleId, secret_id: 'wrong' }, 'invalid role or secret ID'],
    ];
    for (const [body, message] of cases) {
      const raw = await vaultFetch(vault, 'POST', 'auth/approle/login', {
        body,
      });
      expect(raw).toMatchObject({ status: 400, body: { errors: [message] } });
    }
  });

  it('manages roles and secret IDs over HTTP, honouring secret_id_num_uses', async () => {
    const token = vault.rootToken;
    expect(
      (
        await vaultFetch(vault, 'POST', 'auth/approle/role/ci', {
          token,
          body: { token_policies: 'app', secret_id_num_uses: 1 },
        })
      ).status,
    ).toBe(204);
    const roleId = (
      await vaultFetch(vault, 'GET', 'auth/approle/role/ci/role-id', { token })
    ).body.data.role_id;
    const issued = await vaultFetch(
      vault,
      'POST',
      'auth/approle/role/ci/secret-id',
      { token },
    );
    expect(issued.body.data).toMatchObject({
      secret_id_num_uses: 1,
      secret_id_ttl: 0,
    });
    const body = { role_id: roleId, secret_id: issued.body.data.secret_id };
    expect(
      (await vaultFetch(vault, 'POST', 'auth/approle/login', { body })).status,
    ).toBe(200);
    expect(
      (await vaultFetch(vault, 'POST', 'auth/approle/login', { body })).body,
    ).toEqual({ errors: ['invalid role or secret ID'] });
  });

  it('logs in inside a namespace when the header is sent with the login', async () => {
    vault.engine.createNamespace('tenant');
    vault.engine.writePolicy({
      namespace: 'tenant',
      name: 't',
      policy: 'path "sys/capabilities-self" { capabilities = ["update"] }',
    });
    const { roleId, secretId } = vault.engine.createAppRole({
      namespace: 'tenant',
      roleName: 'r',
      policies: ['t'],
    });
    const client = NodeVault({ endpoint: vault.url, namespace: 'tenant' });
    const login = await client.approleLogin({
      role_id: roleId,
      secret_id: secretId,
    });
    expect(login.auth.client_token).toMatch(/\.[A-Za-z0-9]{5}$/);
    const inRoot = await vaultFetch(vault, 'POST', 'auth/approle/login', {
      body: { role_id: roleId, secret_id: secretId },
    });
    expect(inRoot.body).toEqual({ errors: ['invalid role or secret ID'] });
  });
});
