import {
  ChildProcess,
  execFile,
  execFileSync,
  spawn,
} from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SimClock } from '../clock/SimClock';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';
import { ADMIN_RULES } from './http/accessRules';
import { KubeObject } from './types';

/**
 * The simulated API server driven by real kubectl binaries: the Debian 1.20 build CI extracts to
 * /opt/debian-kubectl and, when present, the kubectl on PATH (a 1.32 build).
 * SECRETS_DEBIAN_KUBECTL names the Debian binary directly; SECRETS_DEBIAN_KUBECTL_DIR is the
 * directory scripts/ci/install-system-packages.sh unpacks the Debian package into.
 */
const DEBIAN_KUBECTL =
  process.env.SECRETS_DEBIAN_KUBECTL ||
  join(
    process.env.SECRETS_DEBIAN_KUBECTL_DIR || '/opt/debian-kubectl',
    'usr/bin/kubectl',
  );

function kubectlBinaries(): string[] {
  const found: string[] = [];
  if (existsSync(DEBIAN_KUBECTL)) found.push(DEBIAN_KUBECTL);
  else if (process.env.SECRETS_DEBIAN_KUBECTL) {
    // an explicit override that points nowhere is a setup mistake, not a reason to skip quietly
    throw new Error(
      `SECRETS_DEBIAN_KUBECTL=${process.env.SECRETS_DEBIAN_KUBECTL} does not exist`,
    );
  }
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

const binaries = kubectlBinaries();
const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };
const DEPLOY = { group: 'apps', resource: 'deployments' };

function deployment(name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'payments' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    },
  };
}

/** What the rollout controller in src/workloads does once a rollout converged. */
function markRolledOut(server: KubeApiServerHandle, name: string): void {
  const current = server.store.get(DEPLOY, 'payments', name)!;
  const replicas = (current.spec as any).replicas;
  server.store.updateStatus(DEPLOY, {
    ...current,
    status: {
      observedGeneration: current.metadata.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}-abc" has successfully progressed.`,
        },
      ],
    },
  });
}

function waitForOutput(
  child: ChildProcess,
  predicate: (out: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`kubectl output so far: ${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (predicate(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

if (binaries.length === 0) {
  describe('createKubeApiServer with kubectl', () => {
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`skipped: no kubectl binary at ${DEBIAN_KUBECTL} or on PATH`, () => {});
  });
}

/** Minor version of a kubectl client (kubectl >= 1.27 validates fields on the server via OpenAPI v3). */
function clientMinor(kubectl: string): number {
  const out = execFileSync(kubectl, ['version', '--client', '-o', 'json'], {
    encoding: 'utf8',
  });
  return Number(JSON.parse(out).clientVersion.minor.replace(/\D/g, ''));
}

describe.each(binaries)('createKubeApiServer with kubectl (%s)', kubectl => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
      execFile(
        kubectl,
        ['-n', 'payments', ...args],
        { env, timeout: 20_000 },
        (error, stdout, stderr) => {
          resolve({
            code: error ? Number((error as any).code ?? 1) : 0,
            stdout,
            stderr,
          });
        },
      );
    });

  beforeAll(async () => {
    clock = new SimClock();
    server = await createKubeApiServer({ name: 'kubectl', clock, tls: true });
    dir = mkdtempSync(join(tmpdir(), 'fleet-sim-kubectl-'));
    writeFileSync(
      join(dir, 'kubeconfig'),
      server.kubeconfig(server.issueToken(ADMIN_RULES, { user: 'admin' })),
    );
    // HOME isolates kubectl's discovery cache per run
    env = {
      PATH: process.env.PATH,
      KUBECONFIG: join(dir, 'kubeconfig'),
      HOME: dir,
    };
    server.store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    );
    server.store.create(ES, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'payments' },
      spec: {
        secretStoreRef: { name: 'vault', kind: 'SecretStore' },
        data: [{ secretKey: 'password', remoteRef: { key: 'payments/db' } }],
      },
    });
    server.store.create(DEPLOY, deployment('web'));
    server.store.create(DEPLOY, {
      ...deployment('frozen'),
      spec: { ...(deployment('frozen').spec as object), paused: true },
    });
  }, 30_000); // TLS key pairs can take seconds on a loaded CI machine

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('get es -A prints the CRD printer columns', async () => {
    const { code, stdout } = await run('get', 'es', '-A');
    expect(code).toBe(0);
    const [header, row] = stdout.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual([
      'NAMESPACE',
      'NAME',
      'STORETYPE',
      'STORE',
      'REFRESH INTERVAL',
      'STATUS',
      'READY',
      'LAST SYNC',
    ]);
    expect(row.split(/\s+/)).toEqual([
      'payments',
      'db',
      'SecretStore',
      'vault',
      '1h0m0s',
    ]);
  });

  it('get es x -o yaml prints the stored object', async () => {
    const { code, stdout } = await run('get', 'es', 'db', '-o', 'yaml');
    expect(code).toBe(0);
    expect(parseYaml(stdout)).toEqual(server.store.get(ES, 'payments', 'db'));
  });

  it('annotate, label and merge patch change the stored object', async () => {
    const before = server.store.get(ES, 'payments', 'db')!;
    const annotate = await run(
      'annotate',
      'es',
      'db',
      'force-sync=123',
      '--overwrite',
    );
    expect(annotate.stdout.trim()).toBe(
      'externalsecret.external-secrets.io/db annotated',
    );
    const label = await run(
      'label',
      'es',
      'db',
      'team=payments',
      '--overwrite',
    );
    expect(label.stdout.trim()).toBe(
      'externalsecret.external-secrets.io/db labeled',
    );
    const patch = await run(
      'patch',
      'es',
      'db',
      '--type',
      'merge',
      '-p',
      '{"spec":{"refreshInterval":"5m"}}',
    );
    expect(patch.stdout.trim()).toBe(
      'externalsecret.external-secrets.io/db patched',
    );

    const after = server.store.get(ES, 'payments', 'db')!;
    expect(after.metadata.annotations).toEqual({
      ...before.metadata.annotations,
      'force-sync': '123',
    });
    expect(after.metadata.labels).toMatchObject({ team: 'payments' });
    expect((after.spec as any).refreshInterval).toBe('5m');
    expect(after.metadata.generation).toBe(
      (before.metadata.generation ?? 0) + 1,
    );
  });

  it('patch without --type on a custom resource gets the server 415', async () => {
    const { code, stdout, stderr } = await run(
      'patch',
      'es',
      'db',
      '-p',
      '{"metadata":{"labels":{"x":"y"}}}',
    );
    expect(code).not.toBe(0);
    expect(stdout + stderr).toContain(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('rollout restart strategic-merge-patches the pod template annotation', async () => {
    const before = server.store.get(DEPLOY, 'payments', 'web')!;
    const { code, stdout } = await run('rollout', 'restart', 'deployment/web');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('deployment.apps/web restarted');
    const after = server.store.get(DEPLOY, 'payments', 'web')!;
    expect(
      (after.spec as any).template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect(after.metadata.generation).toBe(before.metadata.generation! + 1);
  });

  it('rollout restart of a paused deployment is refused by kubectl itself, before any write', async () => {
    const before = server.store.get(DEPLOY, 'payments', 'frozen')!;
    const { code, stdout, stderr } = await run(
      'rollout',
      'restart',
      'deployment/frozen',
    );
    expect(code).not.toBe(0);
    expect(stdout + stderr).toContain(
      `deployments.apps "frozen" can't restart paused deployment (run rollout resume first)`,
    );
    expect(
      server.store.get(DEPLOY, 'payments', 'frozen')!.metadata.resourceVersion,
    ).toBe(before.metadata.resourceVersion);
  });

  it('rollout status waits until the status converges', async () => {
    const child = spawn(
      kubectl,
      ['-n', 'payments', 'rollout', 'status', 'deployment/web'],
      { env },
    );
    try {
      const waiting = await waitForOutput(child, out =>
        out.includes('Waiting for deployment'),
      );
      expect(waiting).toMatch(
        /Waiting for deployment (spec update to be observed|"web" rollout to finish)/,
      );
      const exited = new Promise<number | null>(resolve =>
        child.on('exit', resolve),
      );
      markRolledOut(server, 'web');
      const done = await waitForOutput(child, out =>
        out.includes('successfully rolled out'),
      );
      expect(done).toContain('deployment "web" successfully rolled out');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });

  it('create -f validates on the server (OpenAPI v3 for kubectl >= 1.27, --validate=false before)', async () => {
    const file = join(dir, 'es.yaml');
    const manifest = (extra: string) =>
      `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: created\n  namespace: payments\nspec:\n  secretStoreRef:\n    name: vault\n${extra}`;
    // kubectl 1.20 validates on the client with the protobuf OpenAPI v2 document, which is not served
    const validateFlag = clientMinor(kubectl) >= 27 ? [] : ['--validate=false'];
    writeFileSync(file, manifest('  refreshPolicy: Sometimes\n'));
    const invalid = await run('create', ...validateFlag, '-f', file);
    expect(invalid.code).not.toBe(0);
    // kubectl re-renders 422s from the Status details: "The <kind> <name> is invalid: <causes>"
    expect(invalid.stderr).toContain(
      'The ExternalSecret "created" is invalid: spec.refreshPolicy: Unsupported value: "Sometimes": supported values: "CreatedOnce", "Periodic", "OnChange"',
    );
    writeFileSync(file, manifest('  refreshPolicy: OnChange\n'));
    const created = await run('create', ...validateFlag, '-f', file);
    expect(created.stdout.trim()).toBe(
      'externalsecret.external-secrets.io/created created',
    );
    expect(server.store.get(ES, 'payments', 'created')?.spec).toMatchObject({
      refreshPolicy: 'OnChange',
      refreshInterval: '1h0m0s',
    });
  });

  it('get es --watch prints the current row, then a row per change', async () => {
    const child = spawn(kubectl, ['-n', 'payments', 'get', 'es', '--watch'], {
      env,
    });
    try {
      const first = await waitForOutput(
        child,
        out => out.trim().split('\n').length >= 2,
      );
      expect(first.split('\n')[0]).toMatch(
        /^NAME\s+STORETYPE\s+STORE\s+REFRESH INTERVAL\s+STATUS\s+READY/,
      );
      server.store.mergePatch(ES, 'payments', 'db', {
        spec: { refreshInterval: '10m' },
      });
      const more = await waitForOutput(child, out => out.includes('10m'));
      expect(more).toMatch(/db\s+SecretStore\s+vault\s+10m/);
    } finally {
      child.kill();
    }
  });
});
