import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClock } from '../../clock/SimClock';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { KubeObject } from '../types';
import { ADMIN_RULES } from './accessRules';

/**
 * The write path against Debian's kubectl 1.20: managedFields of client-side apply, server-side
 * apply with conflicts, --force-conflicts and pruning, JSON-patch failures and
 * `delete --cascade=orphan`.
 */
const KUBECTL =
  process.env.SECRETS_DEBIAN_KUBECTL ||
  join(
    process.env.SECRETS_DEBIAN_KUBECTL_DIR || '/opt/debian-kubectl',
    'usr/bin/kubectl',
  );

const SECRETS = { group: '', resource: 'secrets' };
const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };

function managers(obj: KubeObject | undefined) {
  return (obj?.metadata.managedFields ?? []).map(e => ({
    manager: e.manager,
    operation: e.operation,
    fieldsV1: e.fieldsV1,
  }));
}

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 20));
    }
  }
}

const describeIfKubectl = existsSync(KUBECTL) ? describe : describe.skip;

describeIfKubectl(
  'server-side apply and managedFields with kubectl 1.20',
  () => {
    let clock: SimClock;
    let server: KubeApiServerHandle;
    let dir: string;
    let env: NodeJS.ProcessEnv;

    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
        execFile(
          KUBECTL,
          // /openapi/v2 is not served: client-side validation would fail to fetch it
          [
            '-n',
            'payments',
            ...args,
            ...(args[0] === 'apply' ? ['--validate=false'] : []),
          ],
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

    const manifest = (name: string, doc: unknown) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(doc));
      return file;
    };

    const secret = (name: string, data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'payments' },
      stringData: undefined,
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [
          k,
          Buffer.from(v).toString('base64'),
        ]),
      ),
    });

    beforeAll(async () => {
      clock = new SimClock();
      server = await createKubeApiServer({ name: 'ssa', clock, tls: true });
      dir = mkdtempSync(join(tmpdir(), 'fleet-sim-ssa-'));
      writeFileSync(
        join(dir, 'kubeconfig'),
        server.kubeconfig(server.issueToken(ADMIN_RULES, { user: 'admin' })),
      );
      env = {
        PATH: process.env.PATH,
        KUBECONFIG: join(dir, 'kubeconfig'),
        HOME: dir,
      };
      server.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      );
    }, 30_000);

    afterAll(async () => {
      await server?.stop();
      clock.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('records client-side apply and names it in a server-side apply conflict', async () => {
      const first = await run(
        'apply',
        '-f',
        manifest('csa', secret('csa', { user: 'app', password: 'one' })),
      );
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(managers(server.store.get(SECRETS, 'payments', 'csa'))).toEqual([
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          fieldsV1: {
            'f:data': { '.': {}, 'f:password': {}, 'f:user': {} },
            'f:metadata': {
              'f:annotations': {
                '.': {},
                'f:kubectl.kubernetes.io/last-applied-configuration': {},
              },
            },
            'f:type': {},
          },
        },
      ]);

      const changed = manifest('csa2', secret('csa', { password: 'two' }));
      const conflict = await run(
        'apply',
        '--server-side',
        '--field-manager=gitops',
        '-f',
        changed,
      );
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toContain(
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.password',
      );
      expect(
        Buffer.from(
          (server.store.get(SECRETS, 'payments', 'csa')!.data as any).password,
          'base64',
        ).toString(),
      ).toBe('one');

      const forced = await run(
        'apply',
        '--server-side',
        '--field-manager=gitops',
        '--force-conflicts',
        '-f',
        changed,
      );
      expect(forced).toMatchObject({ code: 0 });
      const after = server.store.get(SECRETS, 'payments', 'csa')!;
      expect(
        Buffer.from((after.data as any).password, 'base64').toString(),
      ).toBe('two');
      expect(managers(after)).toEqual([
        {
          manager: 'gitops',
          operation: 'Apply',
          fieldsV1: { 'f:data': { 'f:password': {} } },
        },
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          fieldsV1: {
            'f:data': { '.': {}, 'f:user': {} },
            'f:metadata': {
              'f:annotations': {
                '.': {},
                'f:kubectl.kubernetes.io/last-applied-configuration': {},
              },
            },
            'f:type': {},
          },
        },
      ]);
    });

    it('lets kubectl take over what its client-side apply recorded (manager "kubectl")', async () => {
      await run(
        'apply',
        '-f',
        manifest('upgrade', secret('upgrade', { password: 'one' })),
      );
      const result = await run(
        'apply',
        '--server-side',
        '-f',
        manifest('upgrade2', secret('upgrade', { password: 'two' })),
      );
      expect(result).toMatchObject({ code: 0 });
      const after = server.store.get(SECRETS, 'payments', 'upgrade')!;
      expect(managers(after)[0]).toEqual({
        manager: 'kubectl',
        operation: 'Apply',
        fieldsV1: { 'f:data': { 'f:password': {} } },
      });
      // lastAppliedUpdater keeps the client-side annotation in step with what was applied
      expect(
        JSON.parse(
          after.metadata.annotations![
            'kubectl.kubernetes.io/last-applied-configuration'
          ],
        ).data,
      ).toEqual({ password: Buffer.from('two').toString('base64') });
    });

    it('creates on apply, prunes what the applier dropped and keeps what others own', async () => {
      const es = (data: unknown[], extra: Record<string, unknown> = {}) => ({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'applied', namespace: 'payments' },
        spec: {
          secretStoreRef: { name: 'vault', kind: 'SecretStore' },
          data,
          ...extra,
        },
      });
      const data = [{ secretKey: 'k', remoteRef: { key: 'payments/db' } }];
      const created = await run(
        'apply',
        '--server-side',
        '--field-manager=argocd-controller',
        '-f',
        manifest('es1', es(data, { refreshInterval: '5m' })),
      );
      expect(created).toMatchObject({ code: 0 });
      expect(created.stdout).toContain(
        'externalsecret.external-secrets.io/applied serverside-applied',
      );
      expect(managers(server.store.get(ES, 'payments', 'applied'))).toEqual([
        {
          manager: 'argocd-controller',
          operation: 'Apply',
          fieldsV1: {
            'f:spec': {
              'f:data': {},
              'f:refreshInterval': {},
              'f:secretStoreRef': { 'f:kind': {}, 'f:name': {} },
            },
          },
        },
      ]);

      const annotated = await run('annotate', 'es', 'applied', 'team=payments');
      expect(annotated).toMatchObject({ code: 0 });
      const again = await run(
        'apply',
        '--server-side',
        '--field-manager=argocd-controller',
        '-f',
        manifest('es2', es(data)),
      );
      expect(again).toMatchObject({ code: 0 });
      const after = server.store.get(ES, 'payments', 'applied')!;
      // refreshInterval was pruned (and defaulted again by the CRD schema); the annotation stays
      expect((after.spec as any).refreshInterval).toBe('1h0m0s');
      expect(after.metadata.annotations).toEqual({ team: 'payments' });
      expect(managers(after).map(m => [m.manager, m.operation])).toEqual([
        ['argocd-controller', 'Apply'],
        ['kubectl-annotate', 'Update'],
      ]);
    });

    it('merges containers by name and names the manager of a changed image', async () => {
      const deployment = (image: string) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'payments' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image }] },
          },
        },
      });
      const applied = await run(
        'apply',
        '--server-side',
        '--field-manager=argocd-controller',
        '-f',
        manifest('deploy1', deployment('nginx:1.27')),
      );
      expect(applied).toMatchObject({ code: 0 });
      const set = await run('set', 'image', 'deployment/web', 'app=nginx:1.28');
      expect(set).toMatchObject({ code: 0 });
      const conflict = await run(
        'apply',
        '--server-side',
        '--field-manager=argocd-controller',
        '-f',
        manifest('deploy2', deployment('nginx:1.27')),
      );
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toContain(
        'Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: .spec.template.spec.containers[name="app"].image',
      );
    });

    it("answers a failed JSON-patch operation with the server's generic 422", async () => {
      await run('apply', '-f', manifest('jp', secret('jp', { a: 'b' })));
      const failedTest = await run(
        'patch',
        'secret',
        'jp',
        '--type=json',
        '-p',
        '[{"op":"test","path":"/data/a","value":"nope"}]',
      );
      // a 422 Status without causes: kubectl prints only its generic line, as against a real server
      expect(failedTest.code).not.toBe(0);
      expect(failedTest.stderr).toBe('The request is invalid\n');
      const missing = await run(
        'patch',
        'secret',
        'jp',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/data/missing"}]',
      );
      expect(missing.stderr).toBe('The request is invalid\n');
    });

    it('delete --cascade=orphan keeps the dependent Secret and drops its ownerReference', async () => {
      const owner = server.store.create(ES, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'owner', namespace: 'payments' },
        spec: {
          secretStoreRef: { name: 'vault', kind: 'SecretStore' },
          data: [{ secretKey: 'k', remoteRef: { key: 'payments/db' } }],
        },
      });
      const ref = {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        name: 'owner',
        uid: owner.metadata.uid!,
        controller: true,
        blockOwnerDeletion: true,
      };
      server.store.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'owned',
          namespace: 'payments',
          ownerReferences: [ref],
        },
        data: {},
      });
      const result = await run('delete', 'es', 'owner', '--cascade=orphan');
      expect(result).toMatchObject({ code: 0 });
      await eventually(() =>
        expect(server.store.get(ES, 'payments', 'owner')).toBeUndefined(),
      );
      const kept = server.store.get(SECRETS, 'payments', 'owned')!;
      expect(kept).toBeDefined();
      expect(kept.metadata.ownerReferences).toBeUndefined();
    });

    it('delete --cascade=foreground removes the dependents before the owner', async () => {
      const owner = server.store.create(ES, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'fg', namespace: 'payments' },
        spec: {
          secretStoreRef: { name: 'vault', kind: 'SecretStore' },
          data: [{ secretKey: 'k', remoteRef: { key: 'payments/db' } }],
        },
      });
      server.store.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'fg-secret',
          namespace: 'payments',
          ownerReferences: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ExternalSecret',
              name: 'fg',
              uid: owner.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        data: {},
      });
      const order: string[] = [];
      const stop = server.store.subscribe(e => {
        if (e.type === 'DELETED') order.push(e.object.metadata.name);
      });
      const result = await run('delete', 'es', 'fg', '--cascade=foreground');
      expect(result).toMatchObject({ code: 0 });
      await eventually(() => expect(order).toEqual(['fg-secret', 'fg']));
      stop();
    });
  },
);
