import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { VaultServerConfig } from '../config/types';
import { DefaultVaultKv } from './DefaultVaultKv';
import type { VaultSecretRef } from './types';
import type { VaultTransport } from './vaultTransport';

const url = 'https://vault.example.com';
const server: VaultServerConfig = {
  name: 'main',
  url,
  backendUrl: url,
  skipTLSVerify: false,
  auth: { type: 'token', token: 'plugin-token-0x' },
  namespaces: [],
  healthCheckIntervalMs: 30_000,
};
const secret: VaultSecretRef = {
  server: url,
  namespace: 'payments',
  mount: 'secret',
  key: 'app/db',
};

/** What node-vault rejects with on a non-2xx answer. */
function vaultError(statusCode: number, errors: string[] = []) {
  return Object.assign(new Error(errors[0] ?? `Status ${statusCode}`), {
    response: { statusCode, body: { errors } },
  });
}

function setup(overrides: Partial<VaultTransport> = {}) {
  const transport = {
    read: jest.fn(async (_path: string, _token?: string): Promise<any> => ({})),
    write: jest.fn(
      async (
        _path: string,
        _body: object,
        _token?: string,
      ): Promise<any> => ({}),
    ),
    patch: jest.fn(
      async (
        _path: string,
        _body: object,
        _token?: string,
      ): Promise<any> => ({}),
    ),
    health: jest.fn(async () => ({})),
    ...overrides,
  };
  /** `<method> <namespace>` of every call: the namespace header goes with the client. */
  const namespaces: string[] = [];
  const kv = DefaultVaultKv.fromConfig(
    { vault: [server] },
    {
      logger: mockServices.logger.mock(),
      createTransport: (_s, namespace) => {
        const record =
          <A extends unknown[], R>(method: string, call: (...a: A) => R) =>
          (...args: A) => {
            namespaces.push(`${method} ${namespace}`);
            return call(...args);
          };
        return {
          read: record('read', transport.read),
          write: record('write', transport.write),
          patch: record('patch', transport.patch),
          health: record('health', transport.health),
        };
      },
    },
  );
  return { kv, transport, namespaces };
}

describe('DefaultVaultKv', () => {
  it('patches data with the check-and-set in options, in the secret namespace', async () => {
    const { kv, transport, namespaces } = setup({
      patch: jest.fn(async () => ({ data: { version: 5 } })),
    });
    await expect(
      kv.patchVersion(secret, { password: 'p' }, { cas: 4 }),
    ).resolves.toEqual({ version: 5, createdTime: undefined });
    expect(transport.patch).toHaveBeenCalledWith(
      'secret/data/app/db',
      { data: { password: 'p' }, options: { cas: 4 } },
      'plugin-token-0x',
    );
    expect(namespaces).toEqual(['patch payments']);
  });

  it('refuses a patch that could only create (cas 0) without calling Vault', async () => {
    const { kv, transport } = setup();
    await expect(
      kv.patchVersion(secret, { password: 'p' }, { cas: 0 }),
    ).rejects.toBeInstanceOf(InputError);
    await expect(
      kv.patchVersion({ ...secret, kvVersion: 'v1' }, {}, { cas: 1 }),
    ).rejects.toBeInstanceOf(InputError);
    expect(transport.patch).not.toHaveBeenCalled();
  });

  it('reports a Vault without KV PATCH (405) as NotAllowedError, which the caller works around', async () => {
    const { kv } = setup({
      patch: jest.fn(async () => {
        throw vaultError(405);
      }),
    });
    const error = await kv
      .patchVersion(secret, { password: 'p' }, { cas: 4 })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain('does not support PATCH');
  });

  it('merges custom_metadata with PATCH, or reads and merges where PATCH is unsupported', async () => {
    const { kv, transport } = setup();
    await kv.writeCustomMetadata(secret, { rotation: 'r-1' });
    expect(transport.patch).toHaveBeenCalledWith(
      'secret/metadata/app/db',
      { custom_metadata: { rotation: 'r-1' } },
      'plugin-token-0x',
    );
    expect(transport.write).not.toHaveBeenCalled();

    const old = setup({
      patch: jest.fn(async () => {
        throw vaultError(405);
      }),
      read: jest.fn(async () => ({
        data: { current_version: 2, custom_metadata: { owner: 'payments' } },
      })),
    });
    await old.kv.writeCustomMetadata(secret, { rotation: 'r-1' });
    expect(old.transport.write).toHaveBeenCalledWith(
      'secret/metadata/app/db',
      { custom_metadata: { owner: 'payments', rotation: 'r-1' } },
      'plugin-token-0x',
    );
  });

  it('names the keys from subkeys at depth 1, and from a KV v1 read without returning values', async () => {
    const { kv, transport } = setup({
      read: jest.fn(async (path: string) =>
        path.includes('subkeys')
          ? { data: { subkeys: { username: null, password: null } } }
          : { data: { user: 'u', pw: 'v1-value' } },
      ),
    });
    await expect(kv.readSubkeys(secret)).resolves.toEqual([
      'username',
      'password',
    ]);
    expect(transport.read).toHaveBeenLastCalledWith(
      'secret/subkeys/app/db?depth=1',
      'plugin-token-0x',
    );
    const names = await kv.readSubkeys({
      ...secret,
      mount: 'legacy',
      kvVersion: 'v1',
    });
    expect(names).toEqual(['user', 'pw']);
    expect(JSON.stringify(names)).not.toContain('v1-value');
    expect(transport.read).toHaveBeenLastCalledWith(
      'legacy/app/db',
      'plugin-token-0x',
    );
  });

  it('generates a password from a named policy and refuses a path for a name', async () => {
    const { kv, transport } = setup({
      read: jest.fn(async () => ({ data: { password: 'Gen3rated' } })),
    });
    await expect(
      kv.generatePassword({ server: url, namespace: 'payments' }, 'db-pw'),
    ).resolves.toBe('Gen3rated');
    expect(transport.read).toHaveBeenCalledWith(
      'sys/policies/password/db-pw/generate',
      'plugin-token-0x',
    );
    await expect(
      kv.generatePassword({ server: url }, '../../sys/seal'),
    ).rejects.toBeInstanceOf(InputError);
    expect(transport.read).toHaveBeenCalledTimes(1);
  });

  it('asks capabilities-self about data, metadata and subkeys', async () => {
    const { kv, transport } = setup({
      write: jest.fn(async () => ({
        data: {
          'secret/data/app/db': ['read', 'update'],
          'secret/metadata/app/db': ['patch', 'read'],
          'secret/subkeys/app/db': ['read'],
        },
      })),
    });
    await expect(kv.checkCapabilities(secret)).resolves.toMatchObject({
      subkeysPath: 'secret/subkeys/app/db',
      canRead: true,
      canUpdate: true,
      canPatch: false,
      canReadMetadata: true,
      canPatchMetadata: true,
      canReadSubkeys: true,
    });
    expect(transport.write).toHaveBeenCalledWith(
      'sys/capabilities-self',
      {
        paths: [
          'secret/data/app/db',
          'secret/metadata/app/db',
          'secret/subkeys/app/db',
        ],
      },
      'plugin-token-0x',
    );
  });

  it('tells write listeners about every write to a secret, also a failed one, and not about reads', async () => {
    const { kv } = setup({
      write: jest.fn(async () => {
        throw vaultError(400, [
          'check-and-set parameter did not match the current version',
        ]);
      }),
      patch: jest.fn(async () => ({ data: { version: 5 } })),
    });
    const written: string[] = [];
    kv.onWrite(s => written.push(`${s.mount}/${s.key}`));
    await kv.readMetadata(secret).catch(() => undefined);
    await kv.readVersion(secret).catch(() => undefined);
    expect(written).toEqual([]);
    await kv.patchVersion(secret, { password: 'p' }, { cas: 4 });
    await expect(
      kv.writeVersion(secret, { password: 'p' }, { cas: 3 }),
    ).rejects.toThrow();
    await kv.writeCustomMetadata(secret, { rotation: 'r1' });
    expect(written).toEqual([
      'secret/app/db',
      'secret/app/db',
      'secret/app/db',
    ]);
  });
});
