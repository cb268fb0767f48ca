import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from './accessRules';

const ES_PATH =
  '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets';
const DEPLOY_PATH = '/apis/apps/v1/namespaces/payments/deployments';

describe('resource handlers over HTTP', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;
  const call = (
    path: string,
    method = 'GET',
    body?: unknown,
    contentType?: string,
  ) => rawRequest(server, path, { token, method, body, contentType });

  beforeAll(async () => {
    clock = new SimClock({ scale: 1000 });
    server = await createKubeApiServer({ name: 'handlers', clock, tls: false });
    token = server.issueToken(ADMIN_RULES);
    await call('/api/v1/namespaces', 'POST', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments' },
    });
  });
  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  it('rejects invalid ExternalSecrets with 422 and field causes', async () => {
    const res = await call(ES_PATH, 'POST', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'bad' },
      spec: {
        secretStoreRef: { name: 'vault' },
        refreshPolicy: 'Sometimes',
        data: [{ remoteRef: { key: 'k' } }],
      },
    });
    expect(res.status).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'bad',
        group: 'external-secrets.io',
        kind: 'ExternalSecret',
      },
    });
    expect(body.details.causes.map((c: any) => c.field).sort()).toEqual([
      'spec.data[0].secretKey',
      'spec.refreshPolicy',
    ]);
    expect(body.message).toMatch(
      /^ExternalSecret\.external-secrets\.io "bad" is invalid: \[/,
    );
  });

  it('prunes unknown fields with a Warning, or rejects them with fieldValidation=Strict', async () => {
    const obj = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'pruned' },
      spec: { secretStoreRef: { name: 'vault' }, bogus: true },
    };
    const strict = await call(`${ES_PATH}?fieldValidation=Strict`, 'POST', obj);
    expect(strict.status).toBe(400);
    expect(strict.json().message).toBe(
      'ExternalSecret in version "v1" cannot be handled as a ExternalSecret: strict decoding error: unknown field "spec.bogus"',
    );
    const warned = await call(ES_PATH, 'POST', obj);
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toBe(
      '299 - "unknown field \\"spec.bogus\\""',
    );
    expect(warned.json().spec.bogus).toBeUndefined();
  });

  it('dryRun=All validates without storing', async () => {
    const res = await call(`${ES_PATH}?dryRun=All`, 'POST', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'dry' },
      spec: { secretStoreRef: { name: 'vault' } },
    });
    expect(res.status).toBe(201);
    expect((await call(`${ES_PATH}/dry`)).status).toBe(404);
  });

  it('requires a resourceVersion on custom resource PUT and checks the URL name and namespace', async () => {
    const created = (
      await call(ES_PATH, 'POST', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'put' },
        spec: { secretStoreRef: { name: 'vault' } },
      })
    ).json();
    const { resourceVersion: _rv, ...metadata } = created.metadata;
    const noRv = await call(`${ES_PATH}/put`, 'PUT', { ...created, metadata });
    expect(noRv.status).toBe(422);
    expect(noRv.json().message).toContain(
      'metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    const wrongName = await call(`${ES_PATH}/other`, 'PUT', created);
    expect(wrongName.json()).toMatchObject({
      code: 400,
      message:
        'the name of the object (put) does not match the name on the URL (other)',
    });
    const wrongNamespace = await call(
      '/apis/external-secrets.io/v1/namespaces/default/externalsecrets',
      'POST',
      { ...created, metadata: { name: 'x', namespace: 'payments' } },
    );
    expect(wrongNamespace.json().message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('answers deletes like the real registries: object for CRs, Success Status for built-ins, object while finalizers remain', async () => {
    await call(ES_PATH, 'POST', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'held',
        finalizers: [
          'externalsecrets.external-secrets.io/externalsecret-cleanup',
        ],
      },
      spec: { secretStoreRef: { name: 'vault' } },
    });
    const pending = await call(`${ES_PATH}/held`, 'DELETE');
    expect(pending.status).toBe(200);
    expect(pending.json().metadata.deletionTimestamp).toEqual(
      expect.any(String),
    );
    expect((await call(`${ES_PATH}/held`)).status).toBe(200);

    await call('/api/v1/namespaces/payments/secrets', 'POST', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==' },
    });
    const secretDelete = await call(
      '/api/v1/namespaces/payments/secrets/s',
      'DELETE',
    );
    expect(secretDelete.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 's', kind: 'secrets', uid: expect.any(String) },
    });
    const missing = await call(
      '/api/v1/namespaces/payments/secrets/s',
      'DELETE',
    );
    expect(missing.json()).toMatchObject({
      code: 404,
      message: 'secrets "s" not found',
      details: { name: 's', kind: 'secrets' },
    });
  });

  it('serves deployment status and scale subresources', async () => {
    await call(DEPLOY_PATH, 'POST', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    const status = await call(
      `${DEPLOY_PATH}/web/status`,
      'PATCH',
      { status: { observedGeneration: 1, replicas: 1 }, spec: { replicas: 9 } },
      'application/merge-patch+json',
    );
    expect(status.json()).toMatchObject({
      spec: { replicas: 1 },
      status: { observedGeneration: 1, replicas: 1 },
      metadata: { generation: 1 },
    });
    const scaled = await call(
      `${DEPLOY_PATH}/web/scale`,
      'PATCH',
      { spec: { replicas: 3 } },
      'application/merge-patch+json',
    );
    expect(scaled.json()).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
      status: { replicas: 1, selector: 'app=web' },
    });
    expect((await call(`${DEPLOY_PATH}/web`)).json()).toMatchObject({
      spec: { replicas: 3 },
      metadata: { generation: 2 },
    });
  });

  it('applies strategic merge and JSON patches to deployments', async () => {
    const smp = await call(
      `${DEPLOY_PATH}/web`,
      'PATCH',
      {
        spec: {
          paused: true,
          template: {
            spec: {
              containers: [{ name: 'web', env: [{ name: 'A', value: '1' }] }],
            },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(smp.json().spec.template.spec.containers).toEqual([
      expect.objectContaining({
        name: 'web',
        image: 'nginx:1.27',
        env: [{ name: 'A', value: '1' }],
      }),
    ]);
    expect(smp.json().spec.paused).toBe(true);
    const jsonPatch = await call(
      `${DEPLOY_PATH}/web`,
      'PATCH',
      [{ op: 'replace', path: '/spec/paused', value: false }],
      'application/json-patch+json',
    );
    expect(jsonPatch.json().spec.paused).toBe(false);
    const badPatch = await call(
      `${DEPLOY_PATH}/web`,
      'PATCH',
      [{ op: 'remove', path: '/spec/nope' }],
      'application/json-patch+json',
    );
    expect(badPatch.status).toBe(422);
  });

  it('answers unknown paths and disallowed methods with Status errors', async () => {
    expect(
      (await call('/apis/apps/v1/namespaces/payments/widgets')).json(),
    ).toMatchObject({ code: 404, reason: 'NotFound' });
    expect(
      (await call('/apis/authentication.k8s.io/v1/tokenreviews')).json(),
    ).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
    expect(
      (await call(`${ES_PATH}/x/status`, 'POST', {})).json(),
    ).toMatchObject({ code: 405 });
  });

  it('deletes a collection by label selector', async () => {
    for (const name of ['c1', 'c2', 'c3']) {
      await call('/api/v1/namespaces/payments/secrets', 'POST', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, labels: { batch: name === 'c3' ? 'keep' : 'drop' } },
      });
    }
    const res = await call(
      '/api/v1/namespaces/payments/secrets?labelSelector=batch%3Ddrop',
      'DELETE',
    );
    expect(res.json().items.map((i: any) => i.metadata.name)).toEqual([
      'c1',
      'c2',
    ]);
    const left = (
      await call('/api/v1/namespaces/payments/secrets?labelSelector=batch')
    ).json();
    expect(left.items.map((i: any) => i.metadata.name)).toEqual(['c3']);
  });
});
