import { SimClock } from '../../clock/SimClock';
import { openWatch, rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from './accessRules';

/*
 * The metadata protocol over HTTPS with the Accept headers client-go's metadata client sends
 * (k8s.io/client-go/metadata: protobuf first, which fleet-sim never answers, then JSON with `as`,
 * then plain JSON), as a metadata informer lists and watches.
 */
const accept = (as: string, v = 'v1') =>
  `application/vnd.kubernetes.protobuf;as=${as};g=meta.k8s.io;v=${v},application/json;as=${as};g=meta.k8s.io;v=${v},application/json`;
const GET_OR_WATCH = accept('PartialObjectMetadata');
const LIST = accept('PartialObjectMetadataList');

const SECRETS = { group: '', resource: 'secrets' };
const PATH = '/api/v1/namespaces/payments/secrets';
// base64 of the values: what must never be on the wire
const VALUES = ['aHVudGVyMg==', 'czNjcjN0', 'cm90YXRlZA=='];

const partialKeys = (o: any) => Object.keys(o).sort();

describe('PartialObjectMetadata (metadata-only GET, LIST and WATCH)', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;
  const get = (path: string, acceptHeader?: string) =>
    rawRequest(server, path, { token, accept: acceptHeader });

  beforeAll(async () => {
    clock = new SimClock({ scale: 1000 });
    server = await createKubeApiServer({
      name: 'partial',
      clock,
      bookmarkIntervalMs: 60_000,
    });
    token = server.issueToken(ADMIN_RULES);
    server.store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    );
    for (const [name, value] of [
      ['db', VALUES[0]],
      ['api', VALUES[1]],
    ])
      server.store.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace: 'payments',
          labels: { 'reconcile.external-secrets.io/managed': 'true' },
          annotations: { 'reconcile.external-secrets.io/data-hash': name },
        },
        type: 'Opaque',
        data: { password: value },
      });
  });

  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  it.each(['v1', 'v1beta1'])(
    'LIST answers a PartialObjectMetadataList at meta.k8s.io/%s: metadata only, paged',
    async v => {
      const first = await get(
        `${PATH}?limit=1`,
        accept('PartialObjectMetadataList', v),
      );
      expect(first.status).toBe(200);
      const list = first.json();
      expect(list).toMatchObject({
        kind: 'PartialObjectMetadataList',
        apiVersion: `meta.k8s.io/${v}`,
        metadata: {
          resourceVersion: String(server.store.resourceVersion),
          continue: expect.any(String),
          remainingItemCount: 1,
        },
      });
      expect(list.items).toHaveLength(1);
      const [item] = list.items;
      expect(partialKeys(item)).toEqual(['apiVersion', 'kind', 'metadata']);
      expect(item).toMatchObject({
        kind: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${v}`,
        metadata: {
          namespace: 'payments',
          resourceVersion: expect.any(String),
          uid: expect.any(String),
          annotations: { 'reconcile.external-secrets.io/data-hash': 'api' },
        },
      });
      const rest = await get(
        `${PATH}?limit=1&continue=${encodeURIComponent(
          list.metadata.continue,
        )}`,
        accept('PartialObjectMetadataList', v),
      );
      expect(rest.json().items.map((i: any) => i.metadata.name)).toEqual([
        'db',
      ]);
      expect(rest.json().metadata.continue).toBeUndefined();
      for (const text of [first.text, rest.text])
        for (const value of VALUES) expect(text).not.toContain(value);
      expect(first.text).not.toContain('"data"');
    },
  );

  it('LIST with a label selector, as a metadata informer of managed Secrets asks', async () => {
    const res = await get(
      `/api/v1/secrets?labelSelector=${encodeURIComponent(
        'reconcile.external-secrets.io/managed=true',
      )}`,
      LIST,
    );
    expect(res.json().items.map((i: any) => i.metadata.name)).toEqual([
      'api',
      'db',
    ]);
    expect(res.text).not.toMatch(/"(data|type|stringData)"/);
  });

  it('GET answers one PartialObjectMetadata', async () => {
    const res = await get(`${PATH}/db`, GET_OR_WATCH);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(partialKeys(body)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(body).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'db', namespace: 'payments' },
    });
    expect(res.text).not.toContain(VALUES[0]);
  });

  it('answers 406 when the kind does not fit, after the read, even with a JSON fallback in Accept', async () => {
    const listAsObject = await get(PATH, GET_OR_WATCH);
    expect(listAsObject.status).toBe(406);
    expect(listAsObject.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotAcceptable',
      code: 406,
      message:
        'you requested PartialObjectMetadata, but the requested object is a list (*core.SecretList)',
    });
    const objectAsList = await get(`${PATH}/db`, LIST);
    expect(objectAsList.status).toBe(406);
    expect(objectAsList.json().message).toBe(
      'you requested PartialObjectMetadataList, but the requested object is not a list (*core.Secret)',
    );
    // a custom resource is unstructured on the server
    const crd = await get(
      '/apis/external-secrets.io/v1/externalsecrets',
      GET_OR_WATCH,
    );
    expect(crd.json().message).toBe(
      'you requested PartialObjectMetadata, but the requested object is a list (*unstructured.UnstructuredList)',
    );
    const missing = await get(`${PATH}/nope`, GET_OR_WATCH);
    expect(missing.status).toBe(404);
  });

  it('skips a group version it does not serve: the next range, or 406 when none is left', async () => {
    const only = await get(
      PATH,
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v2',
    );
    expect(only.status).toBe(406);
    expect(only.json().message).toBe(
      'only the following media types are accepted: application/json, application/yaml',
    );
    const fallback = await get(
      PATH,
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v2,application/json',
    );
    expect(fallback.status).toBe(200);
    expect(fallback.json().kind).toBe('SecretList');
  });

  it('WATCH sends every event and BOOKMARK as PartialObjectMetadata, ERRORs as Status', async () => {
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      token,
      GET_OR_WATCH,
    );
    const initial = await watch.next(3);
    expect(initial.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'api'],
      ['ADDED', 'db'],
      ['BOOKMARK', undefined],
    ]);
    expect(initial[2].object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {
        resourceVersion: String(server.store.resourceVersion),
        creationTimestamp: null,
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    });
    server.store.mergePatch(SECRETS, 'payments', 'db', {
      metadata: { annotations: { rotated: 'yes' } },
      data: { password: VALUES[2] },
    });
    server.store.delete(SECRETS, 'payments', 'api');
    const live = await watch.next(2);
    expect(live.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'db'],
      ['DELETED', 'api'],
    ]);
    expect(live[0].object.metadata.annotations.rotated).toBe('yes');
    for (const e of [...initial, ...live]) {
      expect(partialKeys(e.object)).toEqual(['apiVersion', 'kind', 'metadata']);
      expect(e.object.kind).toBe('PartialObjectMetadata');
      for (const value of VALUES)
        expect(JSON.stringify(e)).not.toContain(value);
    }
    // 60 simulated seconds at scale 1000
    const [bookmark] = await watch.next();
    expect(bookmark.type).toBe('BOOKMARK');
    expect(bookmark.object.kind).toBe('PartialObjectMetadata');
    watch.close();

    const tooNew = await openWatch(
      server,
      `${PATH}?watch=1&resourceVersion=${server.store.resourceVersion + 100}`,
      token,
      GET_OR_WATCH,
    );
    const [error] = await tooNew.next();
    expect(error).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 504 },
    });
    tooNew.close();
  });

  it('a WATCH asked for PartialObjectMetadataList opens and ends at its first object, as the watch encoder fails', async () => {
    const res = await get(`${PATH}?watch=1&resourceVersion=0`, LIST);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });
});
