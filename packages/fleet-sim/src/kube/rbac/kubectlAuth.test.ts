import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from '../http/accessRules';

/**
 * The auth path driven by real kubectl: the create verbs whose typed clients send protobuf
 * (kubectl >= 1.2x's client-go defaults built-in kinds to it), and `auth can-i` / `auth whoami`
 * under a service account whose rights are RBAC objects kubectl itself created. Same binaries as
 * createKubeApiServer.kubectl.test.ts: the Debian 1.20 build and the kubectl on PATH.
 */
const DEBIAN_KUBECTL =
  process.env.SECRETS_DEBIAN_KUBECTL ||
  join(
    process.env.SECRETS_DEBIAN_KUBECTL_DIR || '/opt/debian-kubectl',
    'usr/bin/kubectl',
  );

function kubectlBinaries(): string[] {
  const found = existsSync(DEBIAN_KUBECTL) ? [DEBIAN_KUBECTL] : [];
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v kubectl'], {
      encoding: 'utf8',
    }).trim();
    if (onPath && !found.includes(onPath)) found.push(onPath);
  } catch {
    // no kubectl on PATH
  }
  return found;
}

function clientMinor(kubectl: string): number {
  const out = execFileSync(kubectl, ['version', '--client', '-o', 'json'], {
    encoding: 'utf8',
  });
  return Number(JSON.parse(out).clientVersion.minor.replace(/\D/g, ''));
}

const binaries = kubectlBinaries();
const SECRETS = { group: '', resource: 'secrets' };
const NAMESPACES = { group: '', resource: 'namespaces' };

if (binaries.length === 0) {
  describe('kubectl auth path', () => {
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`skipped: no kubectl binary at ${DEBIAN_KUBECTL} or on PATH`, () => {});
  });
}

describe.each(binaries)('kubectl auth path (%s)', kubectl => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let dir: string;
  let minor: number;

  const run = (kubeconfig: string, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
      execFile(
        kubectl,
        ['-n', 'payments', ...args],
        {
          env: {
            PATH: process.env.PATH,
            KUBECONFIG: join(dir, kubeconfig),
            HOME: join(dir, kubeconfig.replace('.yaml', '-home')),
          },
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as any).code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    });
  const admin = (...args: string[]) => run('admin.yaml', ...args);
  const bot = (...args: string[]) => run('bot.yaml', ...args);

  beforeAll(async () => {
    minor = clientMinor(kubectl);
    clock = new SimClock();
    server = await createKubeApiServer({
      name: 'kubectl-auth',
      clock,
      tls: true,
    });
    dir = mkdtempSync(join(tmpdir(), 'fleet-sim-kubectl-auth-'));
    writeFileSync(
      join(dir, 'admin.yaml'),
      server.kubeconfig(server.issueToken(ADMIN_RULES, { user: 'admin' })),
    );
    server.store.create(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments' },
    });
    writeFileSync(
      join(dir, 'bot.yaml'),
      server.kubeconfig(server.issueServiceAccountToken('payments', 'bot')),
    );
  }, 30_000); // TLS key pairs can take seconds on a loaded CI machine

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('create secret generic, create deployment and create namespace are stored as sent', async () => {
    const secret = await admin(
      'create',
      'secret',
      'generic',
      'db',
      '--from-literal=password=s3cr3t',
    );
    expect(secret.stderr).toBe('');
    expect(secret.stdout.trim()).toBe('secret/db created');
    expect(server.store.get(SECRETS, 'payments', 'db')).toMatchObject({
      type: 'Opaque',
      data: { password: Buffer.from('s3cr3t').toString('base64') },
    });
    const deployment = await admin(
      'create',
      'deployment',
      'api',
      '--image=nginx:1.27',
      '--replicas=0',
    );
    expect(deployment.stdout.trim()).toBe('deployment.apps/api created');
    expect(
      server.store.get(
        { group: 'apps', resource: 'deployments' },
        'payments',
        'api',
      )?.spec,
    ).toMatchObject({
      replicas: 0,
      template: {
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    });
    const namespace = await admin('create', 'namespace', 'team-a');
    expect(namespace.stdout.trim()).toBe('namespace/team-a created');
    expect(server.store.get(NAMESPACES, undefined, 'team-a')?.status).toEqual({
      phase: 'Active',
    });
  });

  it('create token issues a token the server authenticates (kubectl >= 1.24)', async () => {
    if (minor < 24) return; // `kubectl create token` came with 1.24
    const { code, stdout } = await admin(
      'create',
      'token',
      'bot',
      '--duration=2h',
      '--audience=vault',
    );
    expect(code).toBe(0);
    const review = await rawRequest(
      server,
      '/apis/authentication.k8s.io/v1/tokenreviews',
      {
        token: server.issueToken(ADMIN_RULES),
        method: 'POST',
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenReview',
          spec: { token: stdout.trim(), audiences: ['vault'] },
        },
      },
    );
    expect(review.json().status).toMatchObject({
      authenticated: true,
      user: { username: 'system:serviceaccount:payments:bot' },
      audiences: ['vault'],
    });
  });

  it('auth can-i answers from the RBAC objects kubectl created', async () => {
    expect((await bot('auth', 'can-i', 'list', 'secrets')).stdout.trim()).toBe(
      'no',
    );
    expect(
      (
        await admin(
          'create',
          'clusterrole',
          'secret-lister',
          '--verb=list,watch',
          '--resource=secrets',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await admin(
          'create',
          'rolebinding',
          'bot-lists',
          '--clusterrole=secret-lister',
          '--serviceaccount=payments:bot',
        )
      ).code,
    ).toBe(0);
    const yes = await bot('auth', 'can-i', 'list', 'secrets');
    expect(yes).toMatchObject({ code: 0, stdout: 'yes\n' });
    const no = await bot('auth', 'can-i', 'get', 'secrets/db');
    expect(no.code).toBe(1);
    expect(no.stdout.trim()).toBe('no');
    expect((await bot('get', 'secrets')).stdout).toMatch(/^NAME\s+TYPE/);
    const get = await bot('get', 'secret', 'db');
    expect(get.stderr.trim()).toBe(
      'Error from server (Forbidden): secrets "db" is forbidden: User "system:serviceaccount:payments:bot" cannot get resource "secrets" in API group "" in the namespace "payments"',
    );
  });

  it('--as impersonates a service account for whoever may impersonate, and no one else', async () => {
    const as = '--as=system:serviceaccount:payments:bot';
    expect(await admin('auth', 'can-i', 'list', 'secrets', as)).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
    expect(await admin('auth', 'can-i', 'delete', 'secrets', as)).toMatchObject(
      {
        code: 1,
        stdout: 'no\n',
      },
    );
    const denied = await bot('get', 'secrets', '--as=admin');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      'users "admin" is forbidden: User "system:serviceaccount:payments:bot" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('auth can-i --list prints the rules of the namespace', async () => {
    const { code, stdout } = await bot('auth', 'can-i', '--list');
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows[0].split(/\s{2,}/)).toEqual([
      'Resources',
      'Non-Resource URLs',
      'Resource Names',
      'Verbs',
    ]);
    expect(rows).toContainEqual(
      expect.stringMatching(/^secrets\s+\[\]\s+\[\]\s+\[list watch\]$/),
    );
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/,
      ),
    );
  });

  it('auth whoami prints the service account (kubectl >= 1.28; older ones have no whoami)', async () => {
    if (minor < 28) return; // SelfSubjectReview is covered over HTTP in rbac.test.ts
    const { code, stdout } = await bot('auth', 'whoami');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Username\s+system:serviceaccount:payments:bot$/m);
    expect(stdout).toMatch(
      /^Groups\s+\[system:serviceaccounts system:serviceaccounts:payments system:authenticated\]$/m,
    );
  });
});
