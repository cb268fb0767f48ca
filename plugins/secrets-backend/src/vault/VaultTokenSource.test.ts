import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import type { VaultCredentials } from './vaultServers';
import { VaultTokenSource } from './VaultTokenSource';
import type { VaultTransport } from './vaultTransport';

function fakeLogin(lease = 100) {
  const calls: Array<{ path: string; body: any }> = [];
  let next = 0;
  const transport: VaultTransport = {
    health: async () => ({}),
    patch: async () => ({}),
    read: async () => {
      throw new Error('unexpected read');
    },
    write: async (path, body) => {
      calls.push({ path, body });
      next += 1;
      return { auth: { client_token: `login-${next}`, lease_duration: lease } };
    },
  };
  return { transport, calls };
}

const approle: VaultCredentials = {
  auth: {
    type: 'approle',
    mountPath: 'team/approle',
    roleId: 'role-1',
    secretId: 'sid-1',
  },
  namespace: 'team-a',
  configKey: 'secrets.vault[name=v].namespaces[0].auth',
};

describe('VaultTokenSource', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-token-source-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns a configured token without logging in', async () => {
    const { transport, calls } = fakeLogin();
    const source = new VaultTokenSource(
      { auth: { type: 'token', token: 't' }, namespace: '', configKey: 'k' },
      transport,
      'v',
    );
    await expect(source.token()).resolves.toBe('t');
    expect(source.renewable).toBe(false);
    expect(calls).toEqual([]);
  });

  it('logs in once, shares the login, and again near the end of the lease', async () => {
    const { transport, calls } = fakeLogin(100);
    let now = 0;
    const source = new VaultTokenSource(approle, transport, 'v', () => now);
    const [a, b] = await Promise.all([source.token(), source.token()]);
    expect([a, b]).toEqual(['login-1', 'login-1']);
    expect(calls).toEqual([
      {
        path: 'auth/team/approle/login',
        body: { role_id: 'role-1', secret_id: 'sid-1' },
      },
    ]);
    now = 89_000;
    await expect(source.token()).resolves.toBe('login-1');
    now = 91_000; // past 90% of the 100 s lease
    await expect(source.token()).resolves.toBe('login-2');
  });

  it('logs in again after the token is refused, not after a stale refusal', async () => {
    const { transport, calls } = fakeLogin(0);
    const source = new VaultTokenSource(approle, transport, 'v');
    const first = await source.token();
    source.invalidate(first);
    const second = await source.token();
    expect(second).toBe('login-2');
    source.invalidate(first); // a late refusal of the old token keeps the new one
    await expect(source.token()).resolves.toBe('login-2');
    expect(calls).toHaveLength(2);
  });

  it('reads the Kubernetes JWT file on every login', async () => {
    const file = join(dir, 'jwt');
    const { transport, calls } = fakeLogin(0);
    const source = new VaultTokenSource(
      {
        auth: {
          type: 'kubernetes',
          mountPath: 'kubernetes',
          role: 'r',
          serviceAccountTokenFile: file,
        },
        namespace: '',
        configKey: 'k',
      },
      transport,
      'v',
    );
    writeFileSync(file, 'jwt-one\n');
    source.invalidate(await source.token());
    writeFileSync(file, 'jwt-two');
    await source.token();
    expect(calls.map(c => c.body)).toEqual([
      { role: 'r', jwt: 'jwt-one' },
      { role: 'r', jwt: 'jwt-two' },
    ]);
  });

  it('names the missing token file, and a refused login, without credentials', async () => {
    const missing = new VaultTokenSource(
      {
        auth: {
          type: 'kubernetes',
          mountPath: 'k8s',
          role: 'r',
          serviceAccountTokenFile: join(dir, 'none'),
        },
        namespace: '',
        configKey: 'k',
      },
      fakeLogin().transport,
      'v',
    );
    await expect(missing.token()).rejects.toThrow(ServiceUnavailableError);
    await expect(missing.token()).rejects.toThrow(/none \(ENOENT\)/);

    const refusing: VaultTransport = {
      health: async () => ({}),
      patch: async () => ({}),
      read: async () => ({}),
      write: async () => {
        throw Object.assign(new Error('invalid role or secret ID'), {
          response: {
            statusCode: 400,
            body: { errors: ['invalid role or secret ID'] },
          },
        });
      },
    };
    const error = await new VaultTokenSource(approle, refusing, 'v')
      .token()
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain('AppRole');
    expect(error.message).toContain('namespaces[0]');
    expect(error.message).not.toContain('sid-1');
  });
});
