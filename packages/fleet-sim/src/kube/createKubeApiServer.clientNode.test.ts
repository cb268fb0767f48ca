import { SimClock } from '../clock/SimClock';
import { rawRequest } from './__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';
import { ADMIN_RULES } from './http/accessRules';
import { KubeObject } from './types';

/**
 * The simulated API server against the real @kubernetes/client-node 1.4.0 over HTTPS, trusting
 * only the CA the server generated.
 */
type K8s = typeof import('@kubernetes/client-node');

const GROUP = 'external-secrets.io';
const ES = { group: GROUP, resource: 'externalsecrets' };
const SECRETS = { group: '', resource: 'secrets' };

function externalSecret(name: string): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments' },
    spec: {
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      data: [{ secretKey: 'k', remoteRef: { key: name } }],
    },
  };
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

describe('createKubeApiServer with @kubernetes/client-node', () => {
  let k8s: K8s;
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let adminToken: string;

  function kubeConfig(token: string) {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'sim',
          server: server.url,
          caData: server.caData,
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'sim', token }],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
      currentContext: 'sim',
    });
    return kc;
  }

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    clock = new SimClock({ scale: 1000 });
    server = await createKubeApiServer({
      name: 'client-node',
      clock,
      tls: true,
    });
    adminToken = server.issueToken(ADMIN_RULES, { user: 'admin' });
    server.store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    );
    server.store.create(ES, externalSecret('db'));
  }, 30_000); // the ESM import and the TLS key pairs can take seconds on a loaded CI machine

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  it('lists custom objects and reads them back with schema defaults applied', async () => {
    const api = kubeConfig(adminToken).makeApiClient(k8s.CustomObjectsApi);
    const list = await api.listNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
    });
    expect(list.kind).toBe('ExternalSecretList');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.items.map((i: KubeObject) => i.metadata.name)).toEqual(['db']);
    expect(list.items[0].spec).toMatchObject({
      refreshInterval: '1h0m0s',
      target: { creationPolicy: 'Owner' },
    });
  });

  it('merge-patches annotations and replaces status through the /status subresource', async () => {
    const api = kubeConfig(adminToken).makeApiClient(k8s.CustomObjectsApi);
    const patched = await api.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: 'v1',
        namespace: 'payments',
        plural: 'externalsecrets',
        name: 'db',
        body: { metadata: { annotations: { 'force-sync': '1700000000' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.metadata.annotations).toEqual({
      'force-sync': '1700000000',
    });
    expect(patched.metadata.generation).toBe(1);

    const status = {
      refreshTime: '2026-01-01T00:00:00Z',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const replaced = await api.replaceNamespacedCustomObjectStatus({
      group: GROUP,
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
      name: 'db',
      body: {
        ...patched,
        spec: { ...patched.spec, refreshInterval: '1m' },
        status,
      },
    });
    expect(replaced.status).toEqual(status);
    expect(replaced.spec.refreshInterval).toBe('1h0m0s');
    expect(replaced.metadata.generation).toBe(1);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(
      Number(patched.metadata.resourceVersion),
    );
  });

  it('returns the real Conflict Status for a stale resourceVersion', async () => {
    const api = kubeConfig(adminToken).makeApiClient(k8s.CustomObjectsApi);
    const current = await api.getNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
      name: 'db',
    });
    const stale = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: '1' },
    };
    const error = await api
      .replaceNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'payments',
        plural: 'externalsecrets',
        name: 'db',
        body: stale,
      })
      .catch((e: any) => e);
    expect(error.code).toBe(409);
    expect(JSON.parse(error.body)).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on externalsecrets.external-secrets.io "db": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('keeps an informer in sync, relisting after a 410 on resume', async () => {
    const kc = kubeConfig(adminToken);
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    let lists = 0;
    const informer = k8s.makeInformer<KubeObject & { metadata: any }>(
      kc,
      '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets',
      () => {
        lists++;
        return api.listNamespacedCustomObject({
          group: GROUP,
          version: 'v1',
          namespace: 'payments',
          plural: 'externalsecrets',
        });
      },
    );
    const added: string[] = [];
    const deleted: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', o => added.push(o.metadata!.name!));
    informer.on('delete', o => deleted.push(o.metadata!.name!));
    informer.on('error', e => errors.push(e));
    await informer.start();
    try {
      await eventually(() => expect(added).toEqual(['db']));
      server.store.create(ES, externalSecret('live'));
      await eventually(() => expect(added).toEqual(['db', 'live']));

      // the watch ends (as on a server-side timeout); before the informer resumes, 'live' is
      // deleted and history is compacted, so resuming from its resourceVersion is a 410
      const listsBefore = lists;
      expect(server.faults.endWatches()).toBe(1);
      server.store.delete(ES, 'payments', 'live');
      server.store.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x', namespace: 'payments' },
      });
      server.faults.compact();
      await eventually(() => expect(lists).toBe(listsBefore + 1));
      await eventually(() => expect(deleted).toEqual(['live']));
      expect(informer.list().map(o => o.metadata!.name)).toEqual(['db']);
      expect(errors).toEqual([]);

      server.store.create(ES, externalSecret('after-relist'));
      await eventually(() =>
        expect(informer.get('after-relist', 'payments')).toBeDefined(),
      );
    } finally {
      await informer.stop();
    }
  });

  it('answers a missing or unknown token with a 401 Status', async () => {
    const api = kubeConfig('not-a-token').makeApiClient(k8s.CoreV1Api);
    await expect(api.listNamespace()).rejects.toMatchObject({ code: 401 });
    for (const token of [undefined, 'not-a-token']) {
      const res = await rawRequest(server, '/api/v1/namespaces', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('answers a request outside the token rules with the real 403 wording', async () => {
    const token = server.issueToken(
      [
        {
          verbs: ['get', 'list', 'watch'],
          resources: ['external-secrets.io/externalsecrets'],
          namespaces: ['payments'],
        },
      ],
      { user: 'system:serviceaccount:backstage:secrets' },
    );
    const api = kubeConfig(token).makeApiClient(k8s.CustomObjectsApi);
    const inNamespace = await api.listNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'payments',
      plural: 'externalsecrets',
    });
    expect(inNamespace.items.length).toBeGreaterThan(0);

    const error = await api
      .listClusterCustomObject({
        group: GROUP,
        version: 'v1',
        plural: 'externalsecrets',
      })
      .catch((e: any) => e);
    expect(error.code).toBe(403);
    expect(JSON.parse(error.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'externalsecrets.external-secrets.io is forbidden: User "system:serviceaccount:backstage:secrets" cannot list resource "externalsecrets" in API group "external-secrets.io" at the cluster scope',
      reason: 'Forbidden',
      details: { group: 'external-secrets.io', kind: 'externalsecrets' },
      code: 403,
    });

    const patch = await rawRequest(
      server,
      '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets/db',
      {
        token,
        method: 'PATCH',
        body: { metadata: { annotations: { a: 'b' } } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(patch.status).toBe(403);
    expect(patch.json().message).toBe(
      'externalsecrets.external-secrets.io "db" is forbidden: User "system:serviceaccount:backstage:secrets" cannot patch resource "externalsecrets" in API group "external-secrets.io" in the namespace "payments"',
    );
  });
});
