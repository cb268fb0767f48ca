import { SimClock } from '../../clock/SimClock';
import { KubeApiError, KubeObject, StoreEvent } from '../types';
import { InMemoryClusterStore } from './InMemoryClusterStore';
import { listPage } from './listPage';

const NS = { group: '', resource: 'namespaces' };
const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };
const SECRETS = { group: '', resource: 'secrets' };
const DEPLOY = { group: 'apps', resource: 'deployments' };
const EVENTS = { group: '', resource: 'events' };

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

function externalSecret(
  name: string,
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments' },
    spec: {
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      data: [{ secretKey: 'k', remoteRef: { key: 'db' } }],
    },
    ...extra,
  };
}

function thrown(fn: () => unknown): KubeApiError {
  try {
    fn();
  } catch (error) {
    return error as KubeApiError;
  }
  throw new Error('expected an error');
}

describe('InMemoryClusterStore', () => {
  let clock: SimClock;
  let store: InMemoryClusterStore;

  beforeEach(() => {
    clock = new SimClock({
      scale: 1000,
      start: new Date('2026-01-01T00:00:00Z'),
    });
    store = new InMemoryClusterStore({ name: 'test', clock, historySize: 100 });
    store.create(NS, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments' },
    });
  });
  afterEach(() => clock.dispose());

  it('starts with the default namespaces, marked Active with their name label', () => {
    const names = store.list(NS).map(n => n.metadata.name);
    expect(names).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'payments',
    ]);
    expect(store.get(NS, undefined, 'payments')).toMatchObject({
      metadata: { labels: { 'kubernetes.io/metadata.name': 'payments' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('assigns uid, creationTimestamp, generation 1 and a monotonic string resourceVersion', () => {
    // bracketed by the clock rather than a fixed minute: at scale 1000 a 60 ms stall is a minute
    const before = Math.floor(clock.now() / 1000) * 1000;
    const a = store.create(ES, externalSecret('a'));
    const after = clock.now();
    const b = store.create(ES, externalSecret('b'));
    expect(a.metadata).toMatchObject({
      generation: 1,
      creationTimestamp: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
    });
    const created = Date.parse(a.metadata.creationTimestamp!);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof a.metadata.resourceVersion).toBe('string');
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(
      Number(a.metadata.resourceVersion),
    );
    expect(store.resourceVersion).toBe(Number(b.metadata.resourceVersion));
  });

  it('drops status on create, ignores status on main writes and bumps generation on spec changes only', () => {
    const created = store.create(
      ES,
      externalSecret('a', { status: { refreshTime: '2026-01-01T00:00:00Z' } }),
    );
    expect(created.status).toBeUndefined();

    const labelled = store.mergePatch(ES, 'payments', 'a', {
      metadata: { labels: { team: 'pay' } },
      status: { binding: { name: 'x' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toBeUndefined();

    const withStatus = store.updateStatus(ES, {
      ...labelled,
      status: { binding: { name: 'a' } },
      spec: { ignored: true },
    });
    expect(withStatus.metadata.generation).toBe(1);
    expect(withStatus.status).toEqual({ binding: { name: 'a' } });
    expect((withStatus.spec as any).ignored).toBeUndefined();

    const respec = store.mergePatch(ES, 'payments', 'a', {
      spec: { refreshInterval: '5m' },
    });
    expect(respec.metadata.generation).toBe(2);
    expect(respec.status).toEqual({ binding: { name: 'a' } });
  });

  it('validates status writes against the CRD schema too', () => {
    const a = store.create(ES, externalSecret('a'));
    const error = thrown(() =>
      store.updateStatus(ES, {
        ...a,
        status: { refreshTime: 'yesterday', conditions: [{ type: 'Ready' }] },
      }),
    );
    expect(error).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(
      (error.details as any).causes.map((c: any) => c.field).sort(),
    ).toEqual(['status.conditions[0].status', 'status.refreshTime']);
    expect(store.get(ES, 'payments', 'a')?.status).toBeUndefined();
  });

  it('drops events whose namespace cannot take them, as the event recorder does', () => {
    const orphan = {
      ...externalSecret('ghost'),
      metadata: { name: 'ghost', namespace: 'gone', uid: 'u1' },
    };
    expect(() =>
      store.recordEvent(orphan, 'Normal', 'Synced', 'ok'),
    ).not.toThrow();
    expect(store.list(EVENTS)).toEqual([]);
  });

  it('does not write (no resourceVersion bump, no event) when nothing changes', () => {
    const a = store.create(ES, externalSecret('a'));
    const events: StoreEvent[] = [];
    store.subscribe(e => events.push(e));
    const same = store.update(ES, a);
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it('rejects a stale resourceVersion with the real Conflict message', () => {
    const a = store.create(ES, externalSecret('a'));
    store.mergePatch(ES, 'payments', 'a', {
      metadata: { annotations: { x: '1' } },
    });
    const error = thrown(() =>
      store.update(ES, {
        ...a,
        spec: { ...(a.spec as object), refreshInterval: '1m' },
      }),
    );
    expect(error).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on externalsecrets.external-secrets.io "a": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('reports NotFound, AlreadyExists and Invalid like the API server', () => {
    expect(thrown(() => store.delete(ES, 'payments', 'x'))).toMatchObject({
      code: 404,
      message: 'externalsecrets.external-secrets.io "x" not found',
    });
    store.create(ES, externalSecret('a'));
    expect(thrown(() => store.create(ES, externalSecret('a')))).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'externalsecrets.external-secrets.io "a" already exists',
    });
    const invalid = thrown(() =>
      store.create(
        ES,
        externalSecret('b', {
          spec: { secretStoreRef: { name: 'v' }, refreshPolicy: 'Sometimes' },
        }),
      ),
    );
    expect(invalid).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'ExternalSecret.external-secrets.io "b" is invalid: spec.refreshPolicy: Unsupported value: "Sometimes": supported values: "CreatedOnce", "Periodic", "OnChange"',
      details: {
        causes: [
          { field: 'spec.refreshPolicy', reason: 'FieldValueNotSupported' },
        ],
      },
    });
  });

  it('refuses content in missing or terminating namespaces', async () => {
    expect(
      thrown(() =>
        store.create(ES, {
          ...externalSecret('a'),
          metadata: { name: 'a', namespace: 'nope' },
        }),
      ),
    ).toMatchObject({
      code: 404,
      message: 'namespaces "nope" not found',
    });
    store.create(
      ES,
      externalSecret('held', {
        metadata: {
          name: 'held',
          namespace: 'payments',
          finalizers: ['eso/cleanup'],
        },
      }),
    );
    store.delete(NS, undefined, 'payments');
    expect(store.get(NS, undefined, 'payments')?.status).toEqual({
      phase: 'Terminating',
    });
    expect(thrown(() => store.create(ES, externalSecret('b')))).toMatchObject({
      code: 403,
      message:
        'externalsecrets.external-secrets.io "b" is forbidden: unable to create new content in namespace payments because it is being terminated',
    });
    await tick();
    // content deletion waits for the finalizer; the namespace waits for its content
    expect(
      store.get(ES, 'payments', 'held')?.metadata.deletionTimestamp,
    ).toBeDefined();
    expect(store.get(NS, undefined, 'payments')).toBeDefined();
    store.mergePatch(ES, 'payments', 'held', {
      metadata: { finalizers: null },
    });
    await tick();
    expect(store.get(ES, 'payments', 'held')).toBeUndefined();
    expect(store.get(NS, undefined, 'payments')).toBeUndefined();
  });

  it('keeps objects with finalizers until the last one is removed, bumping generation on deletion', () => {
    store.create(
      ES,
      externalSecret('a', {
        metadata: {
          name: 'a',
          namespace: 'payments',
          finalizers: ['eso/cleanup'],
        },
      }),
    );
    const events: StoreEvent[] = [];
    store.subscribe(e => events.push(e));
    const pending = store.delete(ES, 'payments', 'a');
    expect(pending.metadata).toMatchObject({
      deletionTimestamp: expect.any(String),
      generation: 2,
    });
    expect(
      thrown(() =>
        store.mergePatch(ES, 'payments', 'a', {
          metadata: { finalizers: ['eso/cleanup', 'other'] },
        }),
      ),
    ).toMatchObject({
      code: 422,
    });
    store.mergePatch(ES, 'payments', 'a', { metadata: { finalizers: [] } });
    expect(store.get(ES, 'payments', 'a')).toBeUndefined();
    expect(events.map(e => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(Number(events[1].object.metadata.resourceVersion)).toBeGreaterThan(
      Number(events[0].object.metadata.resourceVersion),
    );
  });

  it('garbage-collects owned objects after their owner is deleted', async () => {
    const owner = store.create(ES, externalSecret('a'));
    store.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'a',
        namespace: 'payments',
        ownerReferences: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            name: 'a',
            uid: owner.metadata.uid!,
            controller: true,
          },
        ],
      },
      stringData: { password: 's3cret' },
    });
    expect(store.get(SECRETS, 'payments', 'a')).toMatchObject({
      type: 'Opaque',
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    expect(store.get(SECRETS, 'payments', 'a')?.stringData).toBeUndefined();
    store.delete(ES, 'payments', 'a');
    await tick();
    expect(store.get(SECRETS, 'payments', 'a')).toBeUndefined();
  });

  it('delivers events to subscribers in commit order even when a subscriber writes', () => {
    const seen: string[] = [];
    store.subscribe(e => {
      seen.push(
        `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`,
      );
      if (e.object.metadata.name === 'a' && e.type === 'ADDED')
        store.create(ES, externalSecret('b'));
    });
    store.subscribe(e => seen.push(`second ${e.object.metadata.name}`));
    store.create(ES, externalSecret('a'));
    const rv = Number(store.get(ES, 'payments', 'a')!.metadata.resourceVersion);
    expect(seen).toEqual([
      `ADDED a ${rv}`,
      'second a',
      `ADDED b ${rv + 1}`,
      'second b',
    ]);
  });

  it('aggregates repeated events into one Event with a count', () => {
    const es = store.create(ES, externalSecret('a'));
    store.recordEvent(
      es,
      'Warning',
      'UpdateFailed',
      'permission denied',
      'external-secrets',
    );
    store.recordEvent(
      es,
      'Warning',
      'UpdateFailed',
      'permission denied',
      'external-secrets',
    );
    store.recordEvent(
      es,
      'Normal',
      'Updated',
      'Updated Secret',
      'external-secrets',
    );
    const events = store.list(EVENTS, 'payments');
    expect(events).toHaveLength(2);
    expect(events.find(e => e.reason === 'UpdateFailed')).toMatchObject({
      count: 2,
      type: 'Warning',
      source: { component: 'external-secrets' },
      involvedObject: {
        kind: 'ExternalSecret',
        name: 'a',
        namespace: 'payments',
        uid: es.metadata.uid,
      },
      metadata: { name: expect.stringMatching(/^a\.[0-9a-f]+$/) },
    });
  });

  it('defaults Deployments and validates their selector', () => {
    const deployment = store.create(DEPLOY, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'payments' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    expect(deployment).toMatchObject({
      spec: { replicas: 1, strategy: { type: 'RollingUpdate' } },
      status: {},
      metadata: { generation: 1 },
    });
    const bad = thrown(() =>
      store.create(DEPLOY, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bad', namespace: 'payments' },
        spec: {
          selector: { matchLabels: { app: 'x' } },
          template: {
            metadata: { labels: { app: 'y' } },
            spec: { containers: [{ name: 'c', image: 'i:1' }] },
          },
        },
      }),
    );
    expect(bad.message).toContain(
      'Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value',
    );
  });

  describe('paginated lists', () => {
    beforeEach(() => {
      for (const name of ['a', 'b', 'c', 'd', 'e'])
        store.create(ES, externalSecret(name));
    });
    const def = () => store.catalog.require(ES);

    it('serves later pages from the first page snapshot', () => {
      const first = listPage(store, { def: def(), limit: 2 });
      expect(first.items.map(i => i.object.metadata.name)).toEqual(['a', 'b']);
      expect(first.remainingItemCount).toBe(3);
      store.delete(ES, 'payments', 'c');
      store.create(ES, externalSecret('bb'));
      store.create(ES, externalSecret('f'));
      store.mergePatch(ES, 'payments', 'd', {
        metadata: { labels: { changed: 'yes' } },
      });
      const second = listPage(store, {
        def: def(),
        limit: 2,
        continueToken: first.continueToken,
      });
      expect(second.items.map(i => i.object.metadata.name)).toEqual(['c', 'd']);
      expect(second.items[1].object.metadata.labels).toBeUndefined();
      expect(second.remainingItemCount).toBe(1);
      expect(second.resourceVersion).toBe(first.resourceVersion);
      const third = listPage(store, {
        def: def(),
        limit: 2,
        continueToken: second.continueToken,
      });
      expect(third.items.map(i => i.object.metadata.name)).toEqual(['e']);
      expect(third.continueToken).toBeUndefined();
    });

    it('expires continue tokens once history is compacted (410)', () => {
      const first = listPage(store, { def: def(), limit: 2 });
      store.mergePatch(ES, 'payments', 'a', {
        metadata: { labels: { x: 'y' } },
      });
      store.compact();
      expect(
        thrown(() =>
          listPage(store, {
            def: def(),
            limit: 2,
            continueToken: first.continueToken,
          }),
        ),
      ).toMatchObject({
        code: 410,
        reason: 'Expired',
        message: expect.stringContaining(
          'The provided continue parameter is too old',
        ),
      });
    });
  });
});
