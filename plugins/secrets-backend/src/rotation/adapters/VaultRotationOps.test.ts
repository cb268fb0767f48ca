import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { rotationPlan } from '../../__testUtils__/rotationFixtures';
import type { KvCapabilities, KvMetadata, VaultKv } from '../../vault';
import {
  ROTATION_ID_METADATA,
  ROTATION_VERSION_METADATA,
  VaultRotationOps,
  versionStateOf,
} from './VaultRotationOps';

const URL_ = 'https://vault.example.com';
const servers = [{ name: 'main', url: URL_ }];
const ns = ' in namespace payments';

function capabilities(overrides: Partial<KvCapabilities> = {}): KvCapabilities {
  return {
    dataPath: 'secret/data/payments/db',
    metadataPath: 'secret/metadata/payments/db',
    subkeysPath: 'secret/subkeys/payments/db',
    data: ['patch', 'read', 'update'],
    metadata: ['patch', 'read'],
    subkeys: ['read'],
    canRead: true,
    canUpdate: true,
    canPatch: true,
    canReadMetadata: true,
    canPatchMetadata: true,
    canReadSubkeys: true,
    ...overrides,
  };
}

function metadata(overrides: Partial<KvMetadata> = {}): KvMetadata {
  return {
    currentVersion: 3,
    oldestVersion: 0,
    maxVersions: 0,
    casRequired: false,
    customMetadata: {},
    versions: [1, 2, 3].map(version => ({
      version,
      createdTime: `2026-01-0${version}T00:00:00Z`,
      destroyed: false,
    })),
    ...overrides,
  };
}

/** A jest mock typed as the VaultKv method it stands for. */
function fn<K extends keyof VaultKv>(impl: VaultKv[K]) {
  const call = impl as (...args: unknown[]) => unknown;
  return jest.fn(call) as unknown as jest.MockedFunction<VaultKv[K]>;
}

function mockKv() {
  return {
    readMetadata: fn<'readMetadata'>(async () => metadata()),
    readVersion: fn<'readVersion'>(async () => ({
      version: 3,
      data: { username: 'u', password: 'old' },
    })),
    writeVersion: fn<'writeVersion'>(async () => ({ version: 4 })),
    patchVersion: fn<'patchVersion'>(async () => ({ version: 4 })),
    overwriteUnversioned: fn<'overwriteUnversioned'>(async () => undefined),
    readSubkeys: fn<'readSubkeys'>(async () => ['username', 'password']),
    writeCustomMetadata: fn<'writeCustomMetadata'>(async () => undefined),
    generatePassword: fn<'generatePassword'>(async () => 'generated'),
    checkCapabilities: fn<'checkCapabilities'>(async () => capabilities()),
  } satisfies VaultKv;
}

const secret = {
  server: URL_,
  namespace: 'payments',
  mount: 'secret',
  key: 'payments/db',
  kvVersion: 'v2',
};

describe('VaultRotationOps', () => {
  it('writes the rotated keys only, as a merge patch on the planned version', async () => {
    const kv = mockKv();
    const ops = new VaultRotationOps(kv, servers);
    await expect(
      ops.write(rotationPlan(), { password: 'new' }, {}),
    ).resolves.toEqual({ version: 4 });
    expect(kv.patchVersion).toHaveBeenCalledWith(
      secret,
      { password: 'new' },
      { cas: 3 },
    );
    expect(kv.readVersion).not.toHaveBeenCalled();
    expect(kv.writeVersion).not.toHaveBeenCalled();
  });

  it('passes a stale check-and-set on as a ConflictError without writing again', async () => {
    const kv = mockKv();
    kv.patchVersion.mockRejectedValue(new ConflictError('stale'));
    const ops = new VaultRotationOps(kv, servers);
    await expect(
      ops.write(rotationPlan(), { password: 'new' }, {}),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(kv.writeVersion).not.toHaveBeenCalled();
  });

  it('falls back to read-modify-write with the same check-and-set when PATCH is refused', async () => {
    const kv = mockKv();
    kv.patchVersion.mockRejectedValue(new NotAllowedError('no patch'));
    const ops = new VaultRotationOps(kv, servers);
    await ops.write(rotationPlan(), { password: 'new' }, {});
    expect(kv.writeVersion).toHaveBeenCalledWith(
      secret,
      { username: 'u', password: 'new' },
      { cas: 3 },
    );
  });

  it('says nothing was written when Vault refuses both the PATCH and the read-modify-write (a revoked token)', async () => {
    const kv = mockKv();
    kv.patchVersion.mockRejectedValue(
      new NotAllowedError('Vault answered 403: permission denied'),
    );
    kv.readVersion.mockRejectedValue(
      new NotAllowedError('Vault answered 403: permission denied'),
    );
    const ops = new VaultRotationOps(kv, servers);
    const error = await ops
      .write(rotationPlan(), { password: 'new' }, {})
      .catch(e => e);
    // the runner takes a refusal as "nothing written"
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe('Vault answered 403: permission denied');
    expect(kv.writeVersion).not.toHaveBeenCalled();
  });

  it('skips the PATCH when the plan found update and no patch', async () => {
    const kv = mockKv();
    const ops = new VaultRotationOps(kv, servers);
    const plan = rotationPlan({
      permissions: [
        {
          system: 'vault',
          action: `update secret/data/payments/db${ns}`,
          allowed: true,
        },
      ],
    });
    await ops.write(plan, { password: 'new' }, {});
    expect(kv.patchVersion).not.toHaveBeenCalled();
    expect(kv.writeVersion).toHaveBeenCalledTimes(1);
  });

  it('refuses a read-modify-write when the key moved past the planned version', async () => {
    const kv = mockKv();
    kv.patchVersion.mockRejectedValue(new NotAllowedError('no patch'));
    kv.readVersion.mockResolvedValue({ version: 5, data: { password: 'x' } });
    const ops = new VaultRotationOps(kv, servers);
    const error = await ops
      .write(rotationPlan(), { password: 'new' }, {})
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('version 5');
    expect(kv.writeVersion).not.toHaveBeenCalled();
  });

  it('writes nothing once the lease is lost', async () => {
    const kv = mockKv();
    const ops = new VaultRotationOps(kv, servers);
    const abort = new AbortController();
    abort.abort();
    await expect(
      ops.write(rotationPlan(), { password: 'new' }, { signal: abort.signal }),
    ).rejects.toThrow();
    expect(kv.patchVersion).not.toHaveBeenCalled();
  });

  it('overwrites a KV v1 secret with the current keys merged in', async () => {
    const kv = mockKv();
    kv.readVersion.mockResolvedValue({
      data: { username: 'u', password: 'x' },
    });
    const ops = new VaultRotationOps(kv, servers);
    const plan = rotationPlan({
      vault: { ...rotationPlan().vault, kvVersion: 'v1' },
      currentVersion: undefined,
    });
    await expect(ops.write(plan, { password: 'new' }, {})).resolves.toEqual({
      version: 0,
    });
    expect(kv.overwriteUnversioned).toHaveBeenCalledWith(
      { ...secret, kvVersion: 'v1' },
      { username: 'u', password: 'new' },
    );
  });

  it('announces the rotation id and the version it will write', async () => {
    const kv = mockKv();
    await new VaultRotationOps(kv, servers).announce(rotationPlan(), 'r-1');
    expect(kv.writeCustomMetadata).toHaveBeenCalledWith(secret, {
      [ROTATION_ID_METADATA]: 'r-1',
      [ROTATION_VERSION_METADATA]: '4',
    });
  });

  it('reads the announcement back with the current version', async () => {
    const kv = mockKv();
    kv.readMetadata.mockResolvedValue(
      metadata({
        customMetadata: {
          [ROTATION_ID_METADATA]: 'r-1',
          [ROTATION_VERSION_METADATA]: '4',
          owner: 'x',
        },
      }),
    );
    const ops = new VaultRotationOps(kv, servers);
    await expect(ops.versions(rotationPlan())).resolves.toEqual({
      currentVersion: 3,
      currentVersionCreatedAt: '2026-01-03T00:00:00Z',
      pendingRotationId: 'r-1',
      pendingVersion: 4,
    });
    kv.readMetadata.mockResolvedValue(
      metadata({ customMetadata: { [ROTATION_VERSION_METADATA]: 'four' } }),
    );
    await expect(ops.versions(rotationPlan())).resolves.toMatchObject({
      pendingRotationId: undefined,
      pendingVersion: undefined,
    });
  });

  it('rolls back by writing the earlier data whole, check-and-set on the current version', async () => {
    const kv = mockKv();
    kv.readVersion.mockResolvedValue({ version: 1, data: { password: 'v1' } });
    const ops = new VaultRotationOps(kv, servers);
    const plan = rotationPlan({
      kind: 'rollback',
      rollbackTo: { version: 1, state: 'available' },
    });
    await ops.writeEarlierVersion(plan, {});
    expect(kv.readVersion).toHaveBeenCalledWith(secret, 1);
    expect(kv.writeVersion).toHaveBeenCalledWith(
      secret,
      { password: 'v1' },
      { cas: 3 },
    );
  });

  it('describes a key; a rollback needs no key names but read and update', async () => {
    const kv = mockKv();
    const ops = new VaultRotationOps(kv, servers);
    const vault = rotationPlan().vault;
    await expect(ops.describe(vault)).resolves.toMatchObject({
      currentVersion: 3,
      currentVersionCreatedAt: '2026-01-03T00:00:00Z',
      keyNames: ['username', 'password'],
      rollbackState: undefined,
    });
    kv.readSubkeys.mockClear();
    const rollback = await ops.describe(vault, 2);
    expect(kv.readSubkeys).not.toHaveBeenCalled();
    expect(rollback.rollbackState).toBe('available');
    expect(rollback.permissions.map(p => p.action)).toEqual([
      `read secret/metadata/payments/db${ns}`,
      `patch secret/metadata/payments/db${ns}`,
      `read secret/data/payments/db${ns}`,
      `update secret/data/payments/db${ns}`,
    ]);
  });

  it('names the missing write right when neither patch nor read+update is granted', async () => {
    const kv = mockKv();
    kv.checkCapabilities.mockResolvedValue(
      capabilities({ canPatch: false, canUpdate: false, data: ['read'] }),
    );
    const { permissions } = await new VaultRotationOps(kv, servers).describe(
      rotationPlan().vault,
    );
    expect(permissions.filter(p => !p.allowed)).toEqual([
      expect.objectContaining({
        action: `patch secret/data/payments/db${ns}`,
        reason: expect.stringContaining('read and update'),
      }),
    ]);
  });

  it('denies every right where Vault refuses even the capabilities check', async () => {
    const kv = mockKv();
    kv.checkCapabilities.mockRejectedValue(new NotAllowedError('403'));
    const described = await new VaultRotationOps(kv, servers).describe(
      rotationPlan().vault,
    );
    expect(kv.readMetadata).not.toHaveBeenCalled();
    expect(kv.readSubkeys).not.toHaveBeenCalled();
    expect(described.keyNames).toEqual([]);
    expect(described.permissions.length).toBe(4);
    expect(described.permissions.some(p => p.allowed)).toBe(false);
  });

  it('resolves the server by its configured name, else by the plan URL', async () => {
    const kv = mockKv();
    const ops = new VaultRotationOps(kv, [
      { name: 'main', url: 'https://vault.internal:8200' },
    ]);
    await ops.generatePassword(
      { serverName: 'main', server: URL_, namespace: 'payments' },
      'db',
      {},
    );
    expect(kv.generatePassword).toHaveBeenCalledWith(
      { server: 'https://vault.internal:8200', namespace: 'payments' },
      'db',
    );
    await ops.generatePassword({ server: URL_ }, 'db', {});
    expect(kv.generatePassword).toHaveBeenLastCalledWith(
      { server: URL_, namespace: undefined },
      'db',
    );
    await expect(
      ops.generatePassword({ serverName: 'other', server: '' }, 'db', {}),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('versionStateOf', () => {
  const now = Date.parse('2026-02-01T00:00:00Z');
  const meta = metadata({
    currentVersion: 6,
    versions: [
      { version: 3, createdTime: '', destroyed: true },
      {
        version: 4,
        createdTime: '',
        deletionTime: '2026-01-15T00:00:00Z',
        destroyed: false,
      },
      {
        version: 5,
        createdTime: '',
        deletionTime: '2026-03-01T00:00:00Z',
        destroyed: false,
      },
      { version: 6, createdTime: '', destroyed: false },
    ],
  });

  it.each([
    [1, 'pruned'],
    [3, 'destroyed'],
    [4, 'deleted'],
    [5, 'available'], // deletion scheduled by delete_version_after, not yet due
    [6, 'available'],
    [7, undefined],
  ])('version %p is %p', (version, state) => {
    expect(versionStateOf(meta, version, now)).toBe(state);
  });
});
