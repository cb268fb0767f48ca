import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from './accessRules';

/**
 * The write path against @kubernetes/client-node: server-side apply with the apply content type,
 * its 409 and 422 Status bodies, `?fieldManager=`, the User-Agent default, the `[{}]` reset of
 * managedFields and the generic 422 of a failed JSON-patch operation.
 */
type K8s = typeof import('@kubernetes/client-node');

const SECRETS = { group: '', resource: 'secrets' };
const PATH = '/api/v1/namespaces/payments/secrets';

describe('server-side apply with @kubernetes/client-node', () => {
  let k8s: K8s;
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;

  function coreApi() {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'sim', server: server.url, caData: server.caData }],
      users: [{ name: 'sim', token }],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
      currentContext: 'sim',
    });
    return kc.makeApiClient(k8s.CoreV1Api);
  }

  const applyOptions = () =>
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    clock = new SimClock();
    server = await createKubeApiServer({ name: 'ssa-node', clock, tls: true });
    token = server.issueToken(ADMIN_RULES, { user: 'admin' });
    server.store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    );
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  const config = (data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'applied', namespace: 'payments' },
    data: Object.fromEntries(
      Object.entries(data).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
  });

  it('creates on apply and answers a changed field of another manager with 409', async () => {
    const api = coreApi();
    const created = await api.patchNamespacedSecret(
      {
        name: 'applied',
        namespace: 'payments',
        body: config({ user: 'app' }),
        fieldManager: 'flux',
      },
      applyOptions(),
    );
    expect(created.metadata?.managedFields).toEqual([
      expect.objectContaining({
        manager: 'flux',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
      }),
    ]);

    // an Update by our plugin takes the field over
    await api.patchNamespacedSecret(
      {
        name: 'applied',
        namespace: 'payments',
        body: { data: { user: Buffer.from('rotated').toString('base64') } },
        fieldManager: 'backstage-secrets',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const conflict = await api
      .patchNamespacedSecret(
        {
          name: 'applied',
          namespace: 'payments',
          body: config({ user: 'app2' }),
          fieldManager: 'flux',
        },
        applyOptions(),
      )
      .catch(e => e);
    expect(conflict.code).toBe(409);
    expect(JSON.parse(conflict.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "backstage-secrets" using v1: .data.user',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "backstage-secrets" using v1',
            field: '.data.user',
          },
        ],
      },
      code: 409,
    });

    const forced = await api.patchNamespacedSecret(
      {
        name: 'applied',
        namespace: 'payments',
        body: config({ user: 'app2' }),
        fieldManager: 'flux',
        force: true,
      },
      applyOptions(),
    );
    expect(
      forced.metadata?.managedFields?.map(e => [e.manager, e.fieldsV1]),
    ).toEqual([['flux', { 'f:data': { 'f:user': {} } }]]);
  });

  it('requires a fieldManager for apply and rejects force on other patches', async () => {
    const noManager = await rawRequest(server, `${PATH}/applied`, {
      token,
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\n',
    });
    expect(noManager.status).toBe(422);
    expect(noManager.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
      code: 422,
    });
    const forced = await rawRequest(server, `${PATH}/applied?force=true`, {
      token,
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {},
    });
    expect(forced.json().message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    const wrongKind = await rawRequest(
      server,
      `${PATH}/applied?fieldManager=x`,
      {
        token,
        method: 'PATCH',
        contentType: 'application/apply-patch+yaml',
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n',
      },
    );
    expect(wrongKind.json()).toMatchObject({
      code: 400,
      message: 'invalid object type: /v1, Kind=ConfigMap',
    });
  });

  it('records ?fieldManager= and otherwise the User-Agent product', async () => {
    const named = await rawRequest(
      server,
      `${PATH}?fieldManager=backstage-secrets`,
      {
        token,
        method: 'POST',
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'named', namespace: 'payments' },
          data: { a: 'Yg==' },
        },
      },
    );
    expect(named.json().metadata.managedFields[0].manager).toBe(
      'backstage-secrets',
    );
    const api = coreApi();
    const created = await api.createNamespacedSecret({
      namespace: 'payments',
      body: { metadata: { name: 'by-agent' }, data: { a: 'Yg==' } },
    });
    // client-node names no manager; its fetch sends `node-fetch/1.0 (+https://...)`
    expect(created.metadata?.managedFields?.[0].manager).toBe('node-fetch');
  });

  it('resets managedFields when a client writes [{}]', async () => {
    const reset = await rawRequest(
      server,
      `${PATH}/named?fieldManager=resetter`,
      {
        token,
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { managedFields: [{}], labels: { reset: 'yes' } } },
      },
    );
    expect(reset.status).toBe(200);
    expect(reset.json().metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'resetter',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:reset': {} } } },
      }),
    ]);
    const emptied = await rawRequest(server, `${PATH}/named`, {
      token,
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { managedFields: [{}] } },
    });
    expect(emptied.json().metadata.managedFields).toBeUndefined();
    expect(
      server.store.get(SECRETS, 'payments', 'named')!.metadata.managedFields,
    ).toBeUndefined();
  });

  it('answers a failed JSON-patch test with the generic 422 Status', async () => {
    const api = coreApi();
    const failure = await api
      .patchNamespacedSecret(
        {
          name: 'named',
          namespace: 'payments',
          body: [{ op: 'test', path: '/data/a', value: 'nope' }],
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      )
      .catch(e => e);
    expect(failure.code).toBe(422);
    expect(JSON.parse(failure.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });
});
