import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

describe('KV v2 over the Vault HTTP API', () => {
  const clock = new SimClock({ scale: 1000 });
  let vault: VaultServerHandle;
  let client: NodeVault.client;

  beforeAll(async () => {
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    client = NodeVault({ endpoint: vault.url, token: vault.rootToken });
  });
  afterAll(() => vault.stop());

  it('writes versions and reads latest and specific versions with node-vault', async () => {
    const first = await client.write('secret/data/app/db', {
      data: { password: 'one' },
    });
    expect(first.data).toEqual({
      created_time: expect.stringMatching(RFC3339_NANO),
      custom_metadata: null,
      deletion_time: '',
      destroyed: false,
      version: 1,
    });
    await client.write('secret/data/app/db', {
      data: { password: 'two' },
      options: { cas: 1 },
    });
    const latest = await client.read('secret/data/app/db');
    expect(latest.data.data).toEqual({ password: 'two' });
    expect(latest.data.metadata.version).toBe(2);
    expect(latest.mount_type).toBe('kv');
    const v1 = await client.read('secret/data/app/db?version=1');
    expect(v1.data.data).toEqual({ password: 'one' });
  });

  it("rejects a CAS mismatch with Vault's 400 and message", async () => {
    await client.write('secret/data/cas/key', { data: { a: 1 } });
    const raw = await vaultFetch(vault, 'POST', 'secret/data/cas/key', {
      token: vault.rootToken,
      body: { data: { a: 2 }, options: { cas: 5 } },
    });
    expect(raw.status).toBe(400);
    expect(raw.body).toEqual({
      errors: ['check-and-set parameter did not match the current version'],
    });
    await expect(
      client.write('secret/data/cas/key', {
        data: { a: 2 },
        options: { cas: 0 },
      }),
    ).rejects.toMatchObject({
      message: 'check-and-set parameter did not match the current version',
      response: { statusCode: 400 },
    });
  });

  it('requires cas when cas_required is set on the engine config', async () => {
    await client.write('secret/config', { cas_required: true });
    try {
      const raw = await vaultFetch(vault, 'PUT', 'secret/data/needs-cas', {
        token: vault.rootToken,
        body: { data: { a: 1 } },
      });
      expect(raw.body).toEqual({
        errors: ['check-and-set parameter required for this call'],
      });
      const ok = await vaultFetch(vault, 'PUT', 'secret/data/needs-cas', {
        token: vault.rootToken,
        body: { data: { a: 1 }, options: { cas: 0 } },
      });
      expect(ok.status).toBe(200);
      expect((await client.read('secret/config')).data).toEqual({
        cas_required: true,
        delete_version_after: '0s',
        max_versions: 0,
      });
    } finally {
      await client.write('secret/config', { cas_required: false });
    }
  });

  it('answers 404 {"errors":[]} for an absent key and node-vault reports "Status 404"', async () => {
    const raw = await vaultFetch(vault, 'GET', 'secret/data/nope', {
      token: vault.rootToken,
    });
    expect(raw.status).toBe(404);
    expect(raw.body).toEqual({ errors: [] });
    await expect(client.read('secret/data/nope')).rejects.toMatchObject({
      message: 'Status 404',
    });
  });

  it('soft-deletes, returns 404 with metadata for the deleted version, and undeletes', async () => {
    await client.write('secret/data/soft', { data: { v: 1 } });
    await client.write('secret/data/soft', { data: { v: 2 } });
    await client.delete('secret/data/soft');
    const gone = await vaultFetch(vault, 'GET', 'secret/data/soft', {
      token: vault.rootToken,
    });
    expect(gone.status).toBe(404);
    expect(gone.body.data.data).toBeNull();
    expect(gone.body.data.metadata).toMatchObject({
      version: 2,
      destroyed: false,
    });
    expect(gone.body.data.metadata.deletion_time).toMatch(RFC3339_NANO);
    expect(gone.body.mount_type).toBe('');
    await client.write('secret/undelete/soft', { versions: [2] });
    expect((await client.read('secret/data/soft')).data.data).toEqual({ v: 2 });
    await client.write('secret/delete/soft', { versions: [1] });
    const v1 = await vaultFetch(vault, 'GET', 'secret/data/soft?version=1', {
      token: vault.rootToken,
    });
    expect(v1.status).toBe(404);
    expect(v1.body.data.metadata.version).toBe(1);
  });

  it('destroys versions permanently (undelete cannot bring them back)', async () => {
    await client.write('secret/data/burn', { data: { v: 1 } });
    await client.write('secret/data/burn', { data: { v: 2 } });
    // node-vault's only KV v2 helper: POST /secret/destroy/<path>
    await client.destroySecretVersions({
      mount_point: 'secret',
      path: 'burn',
      versions: [1],
    });
    await client.write('secret/destroy/burn', { versions: [2] });
    await client.write('secret/undelete/burn', { versions: [1, 2] });
    const raw = await vaultFetch(vault, 'GET', 'secret/data/burn?version=1', {
      token: vault.rootToken,
    });
    expect(raw.status).toBe(404);
    expect(raw.body.data.metadata).toMatchObject({
      destroyed: true,
      deletion_time: '',
      version: 1,
    });
    const latest = await vaultFetch(vault, 'GET', 'secret/data/burn', {
      token: vault.rootToken,
    });
    expect(latest.body.data).toMatchObject({
      data: null,
      metadata: { destroyed: true, version: 2 },
    });
    const meta = await client.read('secret/metadata/burn');
    expect(meta.data.versions['1']).toEqual({
      created_time: expect.any(String),
      deletion_time: '',
      destroyed: true,
    });
    const missingVersions = await vaultFetch(
      vault,
      'POST',
      'secret/destroy/burn',
      { token: vault.rootToken, body: {} },
    );
    expect(missingVersions.body).toEqual({
      errors: ['no version number provided'],
    });
  });

  it('prunes the oldest versions beyond max_versions', async () => {
    await client.write('secret/metadata/pruned', { max_versions: 3 });
    for (let i = 1; i <= 5; i++)
      await client.write('secret/data/pruned', { data: { i } });
    const meta = await client.read('secret/metadata/pruned');
    expect(meta.data).toMatchObject({
      current_version: 5,
      oldest_version: 3,
      max_versions: 3,
    });
    expect(Object.keys(meta.data.versions)).toEqual(['3', '4', '5']);
    await expect(
      client.read('secret/data/pruned?version=2'),
    ).rejects.toMatchObject({ response: { statusCode: 404 } });
  });

  it('keeps 10 versions by default', async () => {
    for (let i = 1; i <= 12; i++)
      await client.write('secret/data/ten', { data: { i } });
    const meta = await client.read('secret/metadata/ten');
    expect(meta.data.oldest_version).toBe(3);
    expect(Object.keys(meta.data.versions)).toHaveLength(10);
  });

  it('stores custom_metadata and returns it on data reads and writes', async () => {
    await client.write('secret/metadata/stamped', {
      custom_metadata: { 'rotated-by': 'alice', 'change-id': 'CHG-1' },
    });
    const written = await client.write('secret/data/stamped', {
      data: { k: 'v' },
    });
    expect(written.data.custom_metadata).toEqual({
      'change-id': 'CHG-1',
      'rotated-by': 'alice',
    });
    const raw = await vaultFetch(vault, 'PATCH', 'secret/metadata/stamped', {
      token: vault.rootToken,
      body: { custom_metadata: { 'rotated-by': null, ticket: 'T-9' } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    expect(raw.status).toBe(204);
    const meta = await client.read('secret/metadata/stamped');
    expect(meta.data.custom_metadata).toEqual({
      'change-id': 'CHG-1',
      ticket: 'T-9',
    });
    expect(meta.data).toMatchObject({
      current_version: 1,
      oldest_version: 0,
      cas_required: false,
      delete_version_after: '0s',
    });
    const tooLong = await vaultFetch(vault, 'POST', 'secret/metadata/stamped', {
      token: vault.rootToken,
      body: { custom_metadata: { k: 'x'.repeat(513) } },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0]).toContain(
      'length of value for key "k" is 513 but must be 0 < len(value) <= 512',
    );
  });

  it('lists keys with LIST and with ?list=true, and 404s an empty listing', async () => {
    await client.write('secret/data/team/a', { data: { x: 1 } });
    await client.write('secret/data/team/nested/b', { data: { x: 1 } });
    expect((await client.list('secret/metadata/team')).data.keys).toEqual([
      'a',
      'nested/',
    ]);
    const viaGet = await vaultFetch(
      vault,
      'GET',
      'secret/metadata/team?list=true',
      { token: vault.rootToken },
    );
    expect(viaGet.body.data.keys).toEqual(['a', 'nested/']);
    const noVerbs = NodeVault({
      endpoint: vault.url,
      token: vault.rootToken,
      noCustomHTTPVerbs: true,
    });
    expect(
      (await noVerbs.list('secret/metadata/team/nested')).data.keys,
    ).toEqual(['b']);
    const raw = await client.request({
      path: '/secret/metadata/team/',
      method: 'LIST',
    });
    expect(raw.data.keys).toEqual(['a', 'nested/']);
    const empty = await vaultFetch(
      vault,
      'LIST',
      'secret/metadata/nothing-here',
      { token: vault.rootToken },
    );
    expect(empty).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it('patches data with merge-patch and needs an existing key', async () => {
    await client.write('secret/data/patchme', {
      data: { user: 'u', password: 'p' },
    });
    const patched = await client.update('secret/data/patchme', {
      data: { password: 'q', user: null },
    });
    expect(patched.data.version).toBe(2);
    expect((await client.read('secret/data/patchme')).data.data).toEqual({
      password: 'q',
    });
    const missing = await vaultFetch(vault, 'PATCH', 'secret/data/never', {
      token: vault.rootToken,
      body: { data: { a: 1 } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    expect(missing.status).toBe(404);
    const wrongType = await vaultFetch(vault, 'PATCH', 'secret/data/patchme', {
      token: vault.rootToken,
      body: { data: {} },
    });
    expect(wrongType.status).toBe(415);
  });

  it('returns subkeys with null leaves, honouring depth', async () => {
    await client.write('secret/data/tree', {
      data: { a: { b: { c: 1 } }, d: 'x', e: {} },
    });
    expect((await client.read('secret/subkeys/tree')).data.subkeys).toEqual({
      a: { b: { c: null } },
      d: null,
      e: null,
    });
    expect(
      (await client.read('secret/subkeys/tree?depth=1')).data.subkeys,
    ).toEqual({ a: null, d: null, e: null });
  });

  it('deletes metadata and all versions', async () => {
    await client.write('secret/data/wipe', { data: { a: 1 } });
    await client.delete('secret/metadata/wipe');
    const raw = await vaultFetch(vault, 'GET', 'secret/metadata/wipe', {
      token: vault.rootToken,
    });
    expect(raw).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it("answers paths without data/ with Vault's 404 warning", async () => {
    const raw = await vaultFetch(vault, 'GET', 'secret/app/db', {
      token: vault.rootToken,
    });
    expect(raw.status).toBe(404);
    expect(raw.body.warnings).toEqual([
      "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.",
    ]);
  });

  it('rejects writes to paths ending in a slash', async () => {
    const raw = await vaultFetch(vault, 'POST', 'secret/data/dir/', {
      token: vault.rootToken,
      body: { data: { a: 1 } },
    });
    expect(raw).toMatchObject({
      status: 400,
      body: { errors: ["cannot write to a path ending in '/'"] },
    });
  });

  it('seeds through the engine exactly as through the API', async () => {
    const { version } = vault.engine.putSecret({
      mount: 'secret',
      path: 'seeded',
      data: { a: 'b' },
      customMetadata: { owner: 'x' },
    });
    expect(version).toBe(1);
    const read = await client.read('secret/data/seeded');
    expect(read.data).toMatchObject({
      data: { a: 'b' },
      metadata: { custom_metadata: { owner: 'x' }, version: 1 },
    });
    expect(
      vault.engine.readSecret({ mount: 'secret', path: 'seeded' }),
    ).toEqual({
      data: { a: 'b' },
      version: 1,
      customMetadata: { owner: 'x' },
    });
  });
});
