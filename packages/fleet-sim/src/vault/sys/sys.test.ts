import { Agent } from 'node:http';
import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

describe('sys endpoints and faults', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.putSecret({ mount: 'secret', path: 'a', data: { k: 'v' } });
  });
  afterEach(() => {
    vault.unseal();
    vault.setMode('active');
    vault.setInitialized(true);
    vault.setLatency(0);
  });
  afterAll(() => vault.stop());

  it('reports health with every status code and honours the query overrides', async () => {
    const health = (query = '') =>
      vaultFetch(vault, 'GET', `sys/health${query}`);
    const active = await health();
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({
      initialized: true,
      sealed: false,
      standby: false,
      performance_standby: false,
      replication_dr_mode: 'disabled',
      replication_performance_mode: 'disabled',
      version: expect.stringMatching(/^1\.\d+\.\d+\+ent$/),
      cluster_name: expect.stringMatching(/^vault-cluster-/),
      cluster_id: expect.any(String),
      server_time_utc: expect.any(Number),
    });
    vault.setMode('standby');
    expect((await health()).status).toBe(429);
    expect((await health('?standbyok=true')).status).toBe(200);
    expect((await health('?standbycode=299')).status).toBe(299);
    vault.setMode('perfstandby');
    expect((await health()).status).toBe(473);
    expect((await health('?perfstandbyok=true')).status).toBe(200);
    vault.setMode('drsecondary');
    expect((await health()).status).toBe(472);
    vault.setMode('active');
    vault.seal();
    const sealed = await health();
    expect(sealed.status).toBe(503);
    expect(sealed.body.sealed).toBe(true);
    expect(sealed.body.cluster_name).toBeUndefined();
    expect((await health('?sealedcode=200')).status).toBe(200);
    vault.unseal();
    vault.setInitialized(false);
    expect((await health()).status).toBe(501);
    expect((await health('?uninitcode=204')).status).toBe(204);
    expect(await health('?activecode=abc')).toMatchObject({
      status: 400,
      body: { errors: [] },
    });
    const head = await fetch(`${vault.url}/v1/sys/health`, { method: 'HEAD' });
    expect(head.status).toBe(501);
  });

  it('resolves node-vault health() with the body even for non-2xx codes', async () => {
    const client = NodeVault({ endpoint: vault.url });
    vault.setMode('standby');
    expect(await client.health()).toMatchObject({
      standby: true,
      sealed: false,
    });
    expect(await client.health({ standbyok: true })).toMatchObject({
      standby: true,
    });
  });

  it('answers 503 "Vault is sealed" to everything but health and seal-status while sealed', async () => {
    vault.seal();
    const read = await vaultFetch(vault, 'GET', 'secret/data/a', {
      token: vault.rootToken,
    });
    expect(read).toMatchObject({
      status: 503,
      body: { errors: ['Vault is sealed'] },
    });
    const login = await vaultFetch(vault, 'POST', 'auth/approle/login', {
      body: { role_id: 'x' },
    });
    expect(login.status).toBe(503);
    const seal = await vaultFetch(vault, 'GET', 'sys/seal-status');
    expect(seal).toMatchObject({
      status: 200,
      body: { type: 'shamir', sealed: true, initialized: true, t: 3, n: 5 },
    });
    const client = NodeVault({ endpoint: vault.url, token: vault.rootToken });
    expect(await client.status()).toMatchObject({ sealed: true });
    vault.unseal();
    expect(
      (
        await vaultFetch(vault, 'GET', 'secret/data/a', {
          token: vault.rootToken,
        })
      ).status,
    ).toBe(200);
  });

  it('can be sealed through sys/seal with a sudo-capable token', async () => {
    vault.engine.writePolicy({
      name: 'sealer',
      policy: 'path "sys/seal" { capabilities = ["update"] }',
    });
    const noSudo = vault.engine.createToken({ policies: ['sealer'] }).token;
    expect(
      (await vaultFetch(vault, 'PUT', 'sys/seal', { token: noSudo })).status,
    ).toBe(403);
    expect(
      (await vaultFetch(vault, 'PUT', 'sys/seal', { token: vault.rootToken }))
        .status,
    ).toBe(204);
    expect((await vaultFetch(vault, 'GET', 'sys/health')).status).toBe(503);
  });

  it('stores password policies and generates passwords that honour length and charset rules', async () => {
    const policy = `
      length = 24
      rule "charset" {
        charset = "abcdefghijklmnopqrstuvwxyz"
        min-chars = 2
      }
      rule "charset" {
        charset = "0123456789"
        min-chars = 3
      }
      rule "charset" {
        charset = "!@#"
        min-chars = 1
      }
    `;
    const token = vault.rootToken;
    expect(
      (
        await vaultFetch(vault, 'PUT', 'sys/policies/password/db', {
          token,
          body: { policy },
        })
      ).status,
    ).toBe(204);
    const b64 = Buffer.from(
      'length = 8\nrule "charset" {\n  charset = "xy"\n}\n',
    ).toString('base64');
    expect(
      (
        await vaultFetch(vault, 'PUT', 'sys/policies/password/tiny', {
          token,
          body: { policy: b64 },
        })
      ).status,
    ).toBe(204);
    const client = NodeVault({ endpoint: vault.url, token });
    for (let i = 0; i < 20; i++) {
      const { password } = (
        await client.read('sys/policies/password/db/generate')
      ).data;
      expect(password).toHaveLength(24);
      expect(password).toMatch(/^[a-z0-9!@#]+$/);
      expect(password.replace(/[^a-z]/g, '').length).toBeGreaterThanOrEqual(2);
      expect(password.replace(/[^0-9]/g, '').length).toBeGreaterThanOrEqual(3);
      expect(password.replace(/[^!@#]/g, '').length).toBeGreaterThanOrEqual(1);
    }
    expect(
      (await client.read('sys/policies/password/tiny/generate')).data.password,
    ).toMatch(/^[xy]{8}$/);
    expect(
      (await client.read('sys/policies/password/tiny')).data.policy,
    ).toContain('charset = "xy"');
    const impossible = await vaultFetch(
      vault,
      'PUT',
      'sys/policies/password/bad',
      {
        token,
        body: {
          policy:
            'length = 4\nrule "charset" {\n  charset = "a"\n  min-chars = 5\n}',
        },
      },
    );
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0]).toContain(
      'specified rules require at least 5 characters but 4 is specified',
    );
    const unknown = await vaultFetch(
      vault,
      'GET',
      'sys/policies/password/none/generate',
      { token },
    );
    expect(unknown).toMatchObject({
      status: 404,
      body: { errors: ['1 error occurred:\n\t* policy does not exist\n\n'] },
    });
  });

  it('lists and enables mounts through sys/mounts and sys/auth', async () => {
    const token = vault.rootToken;
    expect(
      (
        await vaultFetch(vault, 'POST', 'sys/mounts/team-kv', {
          token,
          body: { type: 'kv', options: { version: '2' } },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await vaultFetch(vault, 'POST', 'sys/mounts/legacy', {
          token,
          body: { type: 'kv' },
        })
      ).status,
    ).toBe(204);
    const mounts = await vaultFetch(vault, 'GET', 'sys/mounts', { token });
    expect(mounts.body.data['team-kv/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
    });
    expect(mounts.body.data['legacy/']).toMatchObject({
      type: 'kv',
      options: null,
    });
    expect(mounts.body['sys/']).toMatchObject({ type: 'system' });
    const dup = await vaultFetch(vault, 'POST', 'sys/mounts/team-kv', {
      token,
      body: { type: 'kv' },
    });
    expect(dup).toMatchObject({
      status: 400,
      body: { errors: ['path is already in use at team-kv/'] },
    });
    expect(
      (
        await vaultFetch(vault, 'POST', 'sys/auth/approle', {
          token,
          body: { type: 'approle' },
        })
      ).status,
    ).toBe(204);
    const auths = await vaultFetch(vault, 'GET', 'sys/auth', { token });
    expect(Object.keys(auths.body.data).sort()).toEqual(['approle/', 'token/']);
    await vaultFetch(vault, 'PUT', 'team-kv/data/x', {
      token,
      body: { data: { a: 1 } },
    });
    expect(
      (await vaultFetch(vault, 'GET', 'team-kv/data/x', { token })).body.data
        .data,
    ).toEqual({ a: 1 });
  });

  it('refuses connections while stopped and serves the same state on the same port after start', async () => {
    const url = vault.url;
    // a fresh connection per request: a keep-alive socket pooled by an earlier test may not have
    // seen the server close it yet, and reusing it fails with ECONNRESET instead of a refusal
    const client = NodeVault({
      endpoint: url,
      token: vault.rootToken,
      requestOptions: { httpAgent: new Agent({ keepAlive: false }) },
    });
    await vault.stop();
    await expect(client.read('secret/data/a')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await expect(fetch(`${url}/v1/sys/health`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    await vault.start();
    expect(vault.url).toBe(url);
    expect((await client.read('secret/data/a')).data.data).toEqual({ k: 'v' });
  });

  it('adds per-request latency in simulated time', async () => {
    vault.setLatency(200_000); // 200 simulated seconds = 200 real ms at scale 1000
    const started = Date.now();
    await vaultFetch(vault, 'GET', 'sys/health');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('counts requests per method and path', async () => {
    const before = vault.requestCounts()['GET secret/data/a'] ?? 0;
    await vaultFetch(vault, 'GET', 'secret/data/a', { token: vault.rootToken });
    expect(vault.requestCounts()['GET secret/data/a']).toBe(before + 1);
  });
});

describe('TLS', () => {
  it('serves HTTPS with a per-run certificate clients can trust', async () => {
    const clock = new SimClock({ scale: 1000 });
    const vault = await startVaultServer({ clock, tls: true });
    try {
      expect(vault.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const client = NodeVault({
        endpoint: vault.url,
        token: vault.rootToken,
        requestOptions: { ca: vault.caCertPem },
      });
      expect((await client.tokenLookupSelf()).data.policies).toEqual(['root']);
      vault.engine.enableKv({ path: 'kv', version: 1 });
      await client.write('kv/a', { b: 'c' });
      expect((await client.list('kv')).data.keys).toEqual(['a']);
      const untrusted = NodeVault({
        endpoint: vault.url,
        token: vault.rootToken,
      });
      await expect(untrusted.tokenLookupSelf()).rejects.toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    } finally {
      await vault.stop();
    }
  });
});
