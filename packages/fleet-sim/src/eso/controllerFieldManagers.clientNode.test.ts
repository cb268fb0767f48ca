import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../kube/createKubeApiServer';
import { ADMIN_RULES } from '../kube/http/accessRules';
import { startVaultServer, VaultServerHandle } from '../vault';
import { Reloader } from '../workloads/Reloader';
import { RolloutController } from '../workloads/RolloutController';
import { EsoController } from './EsoController';
import { settleIo } from './testing/esoHarness';
import { ManualClock } from './testing/ManualClock';

/**
 * Who a real cluster names in managedFields after the in-process controllers wrote, read with
 * @kubernetes/client-node: ESO's own writes (finalizer, status) as `external-secrets` (its binary,
 * no FieldOwner), its target Secret as `externalsecrets.external-secrets.io/<es>`, Deployment
 * status as `kube-controller-manager`, Reloader's template change as `manager` (its binary).
 */
type K8s = typeof import('@kubernetes/client-node');

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('field managers of the in-process controllers, seen by client-node', () => {
  let k8s: K8s;
  let clock: ManualClock;
  let server: KubeApiServerHandle;
  let vault: VaultServerHandle;
  let eso: EsoController;
  let rollout: RolloutController;
  let reloader: Reloader;
  let kc: InstanceType<K8s['KubeConfig']>;
  const advance = (ms: number) => clock.advance(ms, settleIo);

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    clock = new ManualClock();
    server = await createKubeApiServer({ name: 'fm', clock, tls: false });
    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v1' },
    });
    eso = new EsoController({
      store: server.store,
      clock,
      issueServiceAccountToken: () => {
        throw new Error('no TokenRequest here');
      },
      options: { vaultMaxRetries: 0, reconcileLatencyMs: 0 },
    });
    rollout = new RolloutController({
      store: server.store,
      clock,
      rolloutDurationMs: 1_000,
    });
    reloader = new Reloader({ store: server.store, clock, delayMs: 0 });
    eso.start();
    rollout.start();
    reloader.start();
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      // plain HTTP: client-node insists on skipTLSVerify for it
      clusters: [{ name: 'sim', server: server.url, skipTLSVerify: true }],
      users: [
        { name: 'sim', token: server.issueToken(ADMIN_RULES, { user: 'a' }) },
      ],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
      currentContext: 'sim',
    });
  }, 30_000); // the ESM import can take seconds on a loaded CI machine

  afterAll(async () => {
    eso?.stop();
    rollout?.stop();
    reloader?.stop();
    await server?.stop();
    await vault?.stop();
    clock.dispose();
  });

  const managers = (obj: { metadata?: { managedFields?: any[] } }) =>
    (obj.metadata?.managedFields ?? []).map(e => [
      e.manager,
      e.operation,
      e.subresource ?? '',
    ]);

  it('names ESO, kube-controller-manager and Reloader as the real binaries do', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'payments' } } });
    await core.createNamespacedSecret({
      namespace: 'payments',
      body: {
        metadata: { name: 'vault-token' },
        data: { token: b64(vault.rootToken) },
      },
      fieldManager: 'argocd-controller',
    });
    await custom.createClusterCustomObject({
      group: 'external-secrets.io',
      version: 'v1',
      plural: 'clustersecretstores',
      body: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'vault' },
        spec: {
          provider: {
            vault: {
              server: vault.url,
              path: 'secret',
              version: 'v2',
              auth: {
                tokenSecretRef: {
                  name: 'vault-token',
                  namespace: 'payments',
                  key: 'token',
                },
              },
            },
          },
        },
      },
      fieldManager: 'argocd-controller',
    });
    await custom.createNamespacedCustomObject({
      group: 'external-secrets.io',
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
      body: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'db' },
        spec: {
          refreshInterval: '1m',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
          target: { name: 'db' },
          data: [
            {
              secretKey: 'password',
              remoteRef: { key: 'payments/db', property: 'password' },
            },
          ],
        },
      },
      fieldManager: 'argocd-controller',
    });
    await apps.createNamespacedDeployment({
      namespace: 'payments',
      body: {
        metadata: {
          name: 'api',
          annotations: { 'reloader.stakater.com/auto': 'true' },
        },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'api:1',
                  envFrom: [{ secretRef: { name: 'db' } }],
                },
              ],
            },
          },
        },
      },
      fieldManager: 'argocd-controller',
    });
    for (let i = 0; i < 5; i++) await advance(1_000);

    const es = await custom.getNamespacedCustomObject({
      group: 'external-secrets.io',
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
      name: 'db',
    });
    expect(managers(es)).toEqual([
      ['argocd-controller', 'Update', ''],
      ['external-secrets', 'Update', ''],
      ['external-secrets', 'Update', 'status'],
    ]);
    const [, finalizer, status] = es.metadata.managedFields;
    expect(finalizer.fieldsV1).toEqual({
      'f:metadata': {
        'f:finalizers': {
          '.': {},
          'v:"externalsecrets.external-secrets.io/externalsecret-cleanup"': {},
        },
      },
    });
    expect(Object.keys(status.fieldsV1)).toEqual(['f:status']);
    expect(
      managers(
        await core.readNamespacedSecret({ name: 'db', namespace: 'payments' }),
      ),
    ).toEqual([['externalsecrets.external-secrets.io/db', 'Update', '']]);
    expect(
      managers(
        await apps.readNamespacedDeployment({
          name: 'api',
          namespace: 'payments',
        }),
      ),
    ).toEqual([
      ['argocd-controller', 'Update', ''],
      ['kube-controller-manager', 'Update', 'status'],
    ]);

    // a new value in Vault: ESO rewrites the Secret at the next refresh, Reloader the Deployment
    vault.engine.putSecret({
      mount: 'secret',
      path: 'payments/db',
      data: { password: 'v2' },
    });
    for (let i = 0; i < 5; i++) await advance(20_000);
    const reloaded = await apps.readNamespacedDeployment({
      name: 'api',
      namespace: 'payments',
    });
    expect(
      reloaded.spec?.template.spec?.containers[0].env?.map(e => e.name),
    ).toEqual(['STAKATER_DB_SECRET']);
    // entries sort by time: the controller's status of the new rollout comes after Reloader
    expect(managers(reloaded)).toEqual([
      ['argocd-controller', 'Update', ''],
      ['manager', 'Update', ''],
      ['kube-controller-manager', 'Update', 'status'],
    ]);
  }, 30_000);
});
