import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

describe('token auth', () => {
  const HOUR_MS = 3600 * 1000;
  const clock = new SimClock({ scale: 36_000 }); // one simulated hour per 100 real ms
  let vault: VaultServerHandle;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.writePolicy({
      name: 'ops',
      policy: 'path "auth/token/create" { capabilities = ["update"] }',
    });
  });
  afterAll(() => vault.stop());

  it('looks up the root token', async () => {
    const client = NodeVault({ endpoint: vault.url, token: vault.rootToken });
    const self = await client.tokenLookupSelf();
    expect(vault.rootToken).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(self.data).toMatchObject({
      id: vault.rootToken,
      policies: ['root'],
      path: 'auth/token/root',
      display_name: 'root',
      ttl: 0,
      expire_time: null,
      orphan: true,
      renewable: false,
      type: 'service',
    });
    expect(self.mount_type).toBe('token');
  });

  it('creates child tokens with policies and TTL, and enforces subset rules for non-root parents', async () => {
    const root = NodeVault({ endpoint: vault.url, token: vault.rootToken });
    const created = await root.tokenCreate({
      policies: ['ops'],
      ttl: '1h',
      meta: { owner: 'me' },
    });
    expect(created.auth).toMatchObject({
      policies: ['default', 'ops'],
      lease_duration: 3600,
      renewable: true,
      orphan: false,
      metadata: { owner: 'me' },
    });
    const child = NodeVault({
      endpoint: vault.url,
      token: created.auth.client_token,
    });
    const denied = await vaultFetch(vault, 'POST', 'auth/token/create', {
      token: created.auth.client_token,
      body: { policies: ['root'] },
    });
    expect(denied).toMatchObject({
      status: 400,
      body: { errors: ['child policies must be subset of parent'] },
    });
    const grandchild = await child.tokenCreate({ policies: ['ops'] });
    // revoking the parent revokes its non-orphan children
    await child.tokenRevokeSelf();
    const gone = await vaultFetch(vault, 'GET', 'auth/token/lookup-self', {
      token: grandchild.auth.client_token,
    });
    expect(gone.status).toBe(403);
  });

  it('expires tokens on the simulated clock and renews them up to the max TTL', async () => {
    const { token } = vault.engine.createToken({
      policies: ['ops'],
      ttlSeconds: 2 * 3600,
    });
    const client = NodeVault({ endpoint: vault.url, token });
    await clock.sleep(HOUR_MS);
    const renewed = await client.tokenRenewSelf({ increment: '4h' });
    expect(renewed.auth.lease_duration).toBe(4 * 3600);
    expect(renewed.auth.client_token).toBe(token);
    const self = await client.tokenLookupSelf();
    expect(self.data.ttl).toBeGreaterThan(3 * 3600);
    expect(self.data.last_renewal_time).toEqual(expect.any(Number));
    const shortLived = vault.engine.createToken({
      policies: ['ops'],
      ttlSeconds: 1800,
    }).token;
    await clock.sleep(HOUR_MS);
    const expired = await vaultFetch(vault, 'GET', 'auth/token/lookup-self', {
      token: shortLived,
    });
    expect(expired.status).toBe(403);
  });

  it('revokes itself with revoke-self', async () => {
    const { token } = vault.engine.createToken({ policies: ['ops'] });
    expect(
      (await vaultFetch(vault, 'POST', 'auth/token/revoke-self', { token }))
        .status,
    ).toBe(204);
    expect(
      (await vaultFetch(vault, 'GET', 'auth/token/lookup-self', { token }))
        .status,
    ).toBe(403);
  });
});
