import { SimClock } from '../../clock/SimClock';
import { KubeApiError, KubeObject } from '../types';
import { InMemoryClusterStore } from './InMemoryClusterStore';
import { StoredObject } from './StoredObject';

/*
 * Who pays for deep copies: in-process subscribers get private copies only of what they read, a
 * seed hands its objects over (adopt), and listers share committed objects (listShared).
 */

const NS = { group: '', resource: 'namespaces' };
const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };

function externalSecret(name: string, spec: object = {}): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments', labels: { app: name } },
    spec: {
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      data: [{ secretKey: 'k', remoteRef: { key: 'db' } }],
      ...spec,
    },
  };
}

describe('copies made by the store', () => {
  let clock: SimClock;
  let store: InMemoryClusterStore;
  let copies: jest.SpyInstance;

  beforeEach(() => {
    clock = new SimClock({ start: new Date('2026-01-01T00:00:00Z') });
    store = new InMemoryClusterStore({ name: 'test', clock });
    store.create(NS, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments' },
    });
    copies = jest.spyOn(StoredObject.prototype, 'copy');
  });
  afterEach(() => {
    copies.mockRestore();
    clock.dispose();
  });

  it('copies nothing for a subscriber that only looks at the resource', () => {
    const refs: string[] = [];
    store.subscribe(e => refs.push(`${e.type} ${e.ref.resource}`));
    store.create(ES, externalSecret('a'));
    expect(refs).toEqual(['ADDED externalsecrets']);
    // the one copy is create's own return value
    expect(copies).toHaveBeenCalledTimes(1);
  });

  it('gives each subscriber its own copies, made once when first read', () => {
    const firstSeen: KubeObject[] = [];
    const secondSeen: Array<string | undefined> = [];
    store.subscribe(e => {
      expect(e.object).toBe(e.object);
      e.object.metadata.labels!.app = 'changed by the first subscriber';
      firstSeen.push(e.object);
    });
    store.subscribe(e => {
      secondSeen.push(e.object.metadata.labels?.app);
      expect(e.old?.metadata.labels?.app).toBe(
        e.type === 'MODIFIED' ? 'a' : undefined,
      );
    });
    const a = store.create(ES, externalSecret('a'));
    store.updateStatus(ES, { ...a, status: { binding: { name: 'a' } } });
    expect(secondSeen).toEqual(['a', 'a']);
    expect(store.get(ES, 'payments', 'a')?.metadata.labels).toEqual({
      app: 'a',
    });
    expect(firstSeen[1]).toMatchObject({ status: { binding: { name: 'a' } } });
  });

  it('adopts a seeded object without copying it, through the same admission as create', () => {
    const adopted = store.adopt(ES, externalSecret('a'));
    expect(copies).not.toHaveBeenCalled();
    const created = store.create(ES, externalSecret('b'));
    const { uid: _u, resourceVersion: _r, ...adoptedMeta } = adopted.metadata;
    const { uid: _u2, resourceVersion: _r2, ...createdMeta } = created.metadata;
    // CRD defaulting ran on both
    expect(adopted.spec).toEqual(created.spec);
    expect(adopted.spec).toMatchObject({ refreshInterval: '1h0m0s' });
    expect({ ...adoptedMeta, name: 'b', labels: { app: 'b' } }).toEqual(
      createdMeta,
    );
    expect(store.get(ES, 'payments', 'a')).toEqual(adopted);

    let error: KubeApiError | undefined;
    try {
      store.adopt(ES, externalSecret('c', { refreshPolicy: 'Sometimes' }));
    } catch (e) {
      error = e as KubeApiError;
    }
    expect(error).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(store.get(ES, 'payments', 'c')).toBeUndefined();
  });

  it('adoptStatus writes only the status of the seeded object', () => {
    const es = store.adopt(ES, externalSecret('a'));
    const synced = store.adoptStatus(ES, {
      ...es,
      spec: { ignored: true },
      status: { binding: { name: 'a' } },
    });
    expect(synced.status).toEqual({ binding: { name: 'a' } });
    expect(synced.spec).toEqual(es.spec);
    expect(synced.metadata.generation).toBe(1);
    expect(Number(synced.metadata.resourceVersion)).toBeGreaterThan(
      Number(es.metadata.resourceVersion),
    );
    expect(store.get(ES, 'payments', 'a')).toEqual(synced);
  });

  it('shares committed objects with listers and copies them for list()', () => {
    const a = store.adopt(ES, externalSecret('a'));
    copies.mockClear();
    const [shared] = store.listShared(ES, 'payments');
    expect(shared).toBe(a);
    expect(store.listShared(ES, 'payments')[0]).toBe(shared);
    expect(copies).not.toHaveBeenCalled();
    const [copy] = store.list(ES, 'payments');
    expect(copy).toEqual(a);
    expect(copy).not.toBe(a);
  });
});
