import { SimClock } from '../../clock/SimClock';
import { openWatch, rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { KubeObject } from '../types';
import { ADMIN_RULES } from './accessRules';

const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };
const PATH = '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets';

function externalSecret(
  name: string,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments', labels },
    spec: {
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      data: [{ secretKey: 'k', remoteRef: { key: name } }],
    },
  };
}

describe('watch over HTTP', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;

  beforeAll(async () => {
    clock = new SimClock({ scale: 1000 });
    server = await createKubeApiServer({
      name: 'watch',
      clock,
      tls: false,
      bookmarkIntervalMs: 60_000,
    });
    token = server.issueToken(ADMIN_RULES);
    server.store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    );
    server.store.create(ES, externalSecret('a', { tier: 'gold' }));
    server.store.create(ES, externalSecret('b', { tier: 'silver' }));
  });

  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  it.each(['', '0'])(
    'resourceVersion=%j sends synthetic ADDED for the current state, then live events',
    async rv => {
      const watch = await openWatch(
        server,
        `${PATH}?watch=true&resourceVersion=${rv}`,
        token,
      );
      const initial = await watch.next(2);
      expect(initial.map(e => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'a'],
        ['ADDED', 'b'],
      ]);
      expect(initial[0].object).toMatchObject({
        kind: 'ExternalSecret',
        apiVersion: 'external-secrets.io/v1',
      });
      server.store.mergePatch(ES, 'payments', 'a', {
        metadata: { annotations: { n: rv || 'empty' } },
      });
      const [modified] = await watch.next();
      expect(modified).toMatchObject({
        type: 'MODIFIED',
        object: { metadata: { name: 'a', annotations: { n: rv || 'empty' } } },
      });
      watch.close();
    },
  );

  it('resourceVersion=N replays retained events after N, in order', async () => {
    const from = server.store.resourceVersion;
    server.store.create(ES, externalSecret('c'));
    server.store.mergePatch(ES, 'payments', 'c', {
      spec: { refreshInterval: '1m' },
    });
    server.store.delete(ES, 'payments', 'c');
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&resourceVersion=${from}`,
      token,
    );
    const events = await watch.next(3);
    expect(events.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const rvs = events.map(e => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([from + 1, from + 2, from + 3]);
    watch.close();
  });

  it('a compacted resourceVersion gets one 410 Expired ERROR event, then the stream closes', async () => {
    const old = server.store.resourceVersion;
    server.store.mergePatch(ES, 'payments', 'b', {
      metadata: { labels: { tier: 'silver', touched: 'yes' } },
    });
    server.faults.compact();
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&resourceVersion=${old}`,
      token,
    );
    const [error] = await watch.next();
    await watch.ended;
    expect(error).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${old} (${server.store.resourceVersion})`,
        reason: 'Expired',
        code: 410,
      },
    });
  });

  it('applies label selectors with ADDED/DELETED when objects move in and out of the selection', async () => {
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&labelSelector=${encodeURIComponent('tier in (gold)')}`,
      token,
    );
    expect((await watch.next()).map(e => e.object.metadata.name)).toEqual([
      'a',
    ]);
    server.store.mergePatch(ES, 'payments', 'b', {
      metadata: { labels: { tier: 'gold' } },
    });
    server.store.mergePatch(ES, 'payments', 'a', {
      metadata: { labels: { tier: 'bronze' } },
    });
    const events = await watch.next(2);
    expect(events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
    watch.close();
  });

  it('sends BOOKMARKs with only the resourceVersion when allowWatchBookmarks=true', async () => {
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&resourceVersion=${server.store.resourceVersion}&allowWatchBookmarks=true`,
      token,
    );
    // 60 simulated seconds at scale 1000
    const [bookmark] = await watch.next();
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'ExternalSecret',
        apiVersion: 'external-secrets.io/v1',
        metadata: {
          resourceVersion: String(server.store.resourceVersion),
          creationTimestamp: null,
        },
      },
    });
    watch.close();
  });

  it('sendInitialEvents ends the initial state with an initial-events-end BOOKMARK', async () => {
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      token,
    );
    const events = await watch.next(3);
    expect(events.map(e => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    expect(events[2].object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    watch.close();
  });

  it('closes the stream after timeoutSeconds (simulated time)', async () => {
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&resourceVersion=${server.store.resourceVersion}&timeoutSeconds=2`,
      token,
    );
    const started = Date.now();
    await watch.ended;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('renders Table rows when asked as kubectl get --watch does', async () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const watch = await openWatch(
      server,
      `${PATH}?watch=1&fieldSelector=metadata.name%3Da`,
      token,
      accept,
    );
    const [first] = await watch.next();
    expect(first.object.kind).toBe('Table');
    expect(first.object.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'StoreType',
      'Store',
      'Refresh Interval',
      'Status',
      'Ready',
      'Last Sync',
    ]);
    expect(first.object.rows[0].cells).toEqual([
      'a',
      'SecretStore',
      'vault',
      '1h0m0s',
      null,
      null,
      null,
    ]);
    expect(first.object.rows[0].object.kind).toBe('PartialObjectMetadata');
    server.store.mergePatch(ES, 'payments', 'a', {
      spec: { refreshInterval: '2m' },
    });
    const [next] = await watch.next();
    expect(next.object.columnDefinitions).toBeNull();
    expect(next.object.rows[0].cells[3]).toBe('2m');
    watch.close();
  });

  it('paginates lists with an opaque continue token and remainingItemCount', async () => {
    const first = (
      await rawRequest(server, `${PATH}?limit=1`, { token })
    ).json();
    expect(first.items).toHaveLength(1);
    expect(first.metadata.continue).toEqual(expect.any(String));
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = (
      await rawRequest(
        server,
        `${PATH}?limit=1&continue=${encodeURIComponent(
          first.metadata.continue,
        )}`,
        { token },
      )
    ).json();
    expect(second.items.map((i: KubeObject) => i.metadata.name)).toEqual(['b']);
    expect(second.metadata.continue).toBeUndefined();
    server.store.mergePatch(ES, 'payments', 'b', {
      metadata: { labels: { again: 'yes' } },
    });
    server.faults.compact();
    const expired = await rawRequest(
      server,
      `${PATH}?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`,
      { token },
    );
    expect(expired.status).toBe(410);
    expect(expired.json()).toMatchObject({ reason: 'Expired', code: 410 });
  });

  it('filters lists by set-based label selectors and by CRD selectable fields', async () => {
    server.store.create(ES, {
      ...externalSecret('other-store'),
      spec: {
        secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' },
        data: [],
      },
    });
    const names = async (query: string) =>
      (await rawRequest(server, `${PATH}?${query}`, { token }))
        .json()
        .items.map((i: KubeObject) => i.metadata.name);
    expect(
      await names(
        `fieldSelector=${encodeURIComponent('spec.secretStoreRef.name=vault')}`,
      ),
    ).toEqual(['a', 'b']);
    expect(
      await names(
        `fieldSelector=${encodeURIComponent(
          'spec.secretStoreRef.kind!=SecretStore',
        )}`,
      ),
    ).toEqual(['other-store']);
    expect(
      await names(
        `labelSelector=${encodeURIComponent('tier notin (gold),!again')}`,
      ),
    ).toEqual(['a', 'other-store']);
    expect(await names(`labelSelector=tier`)).toEqual(['a', 'b']);
    const unsupported = await rawRequest(
      server,
      `${PATH}?fieldSelector=spec.data=x`,
      { token },
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.json().message).toBe(
      'field label not supported: spec.data',
    );
  });
});
