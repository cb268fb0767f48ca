import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

describe('KV v1 over the Vault HTTP API', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;
  let client: NodeVault.client;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'kv', version: 1 });
    client = NodeVault({ endpoint: vault.url, token: vault.rootToken });
  });
  afterAll(() => vault.stop());

  it('writes flat maps, reads them back with the advisory lease_duration, lists and deletes', async () => {
    await client.write('kv/app/db', { user: 'svc', password: 'pw' });
    await client.write('kv/app/cache', { token: 't', ttl: '1h' });
    const read = await client.read('kv/app/db');
    expect(read).toMatchObject({
      data: { user: 'svc', password: 'pw' },
      lease_duration: 2764800,
      renewable: false,
    });
    expect((await client.read('kv/app/cache')).lease_duration).toBe(3600);
    expect((await client.list('kv/app')).data.keys).toEqual(['cache', 'db']);
    await client.delete('kv/app/db');
    const gone = await vaultFetch(vault, 'GET', 'kv/app/db', {
      token: vault.rootToken,
    });
    expect(gone).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it('answers writes with 204 and rejects empty writes', async () => {
    const ok = await vaultFetch(vault, 'PUT', 'kv/x', {
      token: vault.rootToken,
      body: { a: 1 },
    });
    expect(ok.status).toBe(204);
    expect(ok.text).toBe('');
    const empty = await vaultFetch(vault, 'PUT', 'kv/y', {
      token: vault.rootToken,
      body: {},
    });
    expect(empty).toMatchObject({
      status: 400,
      body: { errors: ['missing data fields'] },
    });
  });

  it('reports the mount as KV v1 to sys/internal/ui/mounts (how the CLI detects versions)', async () => {
    vault.engine.enableKv({ path: 'kv2', version: 2 });
    const v1 = await vaultFetch(vault, 'GET', 'sys/internal/ui/mounts/kv/app', {
      token: vault.rootToken,
    });
    expect(v1.body.data).toMatchObject({
      path: 'kv/',
      type: 'kv',
      options: { version: '1' },
    });
    const v2 = await vaultFetch(
      vault,
      'GET',
      'sys/internal/ui/mounts/kv2/data/x',
      { token: vault.rootToken },
    );
    expect(v2.body.data.options).toEqual({ version: '2' });
  });
});
