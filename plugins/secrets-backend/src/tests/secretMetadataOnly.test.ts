/*
 * No Secret data reaches the backend: against the demo fleet, whose API servers answer the
 * metadata protocol as Kubernetes does, everything the Secrets list+watch hands the plugin (the
 * parsed LIST bodies and every watch event, recorded at KubeHttp, below the projections) is
 * PartialObjectMetadata without `data`, and no value of any Secret of the fleet is in it, while
 * the cache still gets the data-hash that proves a rotation landed.
 */
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';
import { KubeHttp } from '../cluster/KubeHttp';
import {
  METADATA_LIST_ACCEPT,
  METADATA_WATCH_ACCEPT,
} from '../cluster/metadataProtocol';

jest.setTimeout(60_000);

const SECRETS = { group: '', resource: 'secrets' };
const MANAGED = 'reconcile.external-secrets.io/managed';

interface Arrived {
  via: 'list' | 'watch';
  accept?: string;
  body: any;
}

describe('the Secrets watch receives metadata only', () => {
  const arrived: Arrived[] = [];
  let h: DemoHarness;

  beforeAll(async () => {
    const getJson = KubeHttp.prototype.getJson;
    jest
      .spyOn(KubeHttp.prototype, 'getJson')
      .mockImplementation(async function spy(this: KubeHttp, ...args) {
        const body = await getJson.apply(this, args as any);
        if (args[0] === '/api/v1/secrets')
          arrived.push({ via: 'list', accept: args[2], body });
        return body;
      });
    const watch = KubeHttp.prototype.watch;
    jest
      .spyOn(KubeHttp.prototype, 'watch')
      .mockImplementation(function spy(
        this: KubeHttp,
        path,
        query,
        onEvent,
        ...rest
      ) {
        if (path !== '/api/v1/secrets')
          return watch.call(this, path, query, onEvent, ...rest);
        return watch.call(
          this,
          path,
          query,
          (type, object) => {
            arrived.push({
              via: 'watch',
              accept: rest[2],
              body: { type, object },
            });
            onEvent(type, object);
          },
          ...rest,
        );
      });
    h = await startDemoHarness();
  });

  afterAll(async () => {
    await h?.stop();
    jest.restoreAllMocks();
  });

  it('lists and watches managed Secrets as PartialObjectMetadata, with no value on the way in', async () => {
    const cluster = h.fleet.cluster('dev-eu');
    const target = cluster.store
      .list(SECRETS)
      .find((s: any) => s.metadata.labels?.[MANAGED] === 'true') as any;
    expect(target).toBeDefined();
    const key = `${target.metadata.namespace}/${target.metadata.name}`;
    // ESO writes a new value and its hash: one MODIFIED for the watch
    cluster.store.mergePatch(
      SECRETS,
      target.metadata.namespace,
      target.metadata.name,
      {
        metadata: {
          annotations: {
            'reconcile.external-secrets.io/data-hash': 'metadata-only-test',
          },
        },
        data: { extra: Buffer.from('never-on-the-wire-42').toString('base64') },
      },
    );
    await eventually(
      () =>
        h.cache.cluster('dev-eu')!.data.secrets.get(key)?.dataHash ===
        'metadata-only-test',
    );

    const lists = arrived.filter(a => a.via === 'list');
    const events = arrived.filter(a => a.via === 'watch');
    expect(lists.length).toBeGreaterThanOrEqual(h.fleet.clusters.length);
    expect(events.some(e => e.body.type === 'MODIFIED')).toBe(true);
    for (const l of lists) {
      expect(l.accept).toBe(METADATA_LIST_ACCEPT);
      expect(l.body).toMatchObject({
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
      });
      expect(l.body.items.length).toBeGreaterThan(0);
      for (const item of l.body.items)
        expect(Object.keys(item).sort()).toEqual([
          'apiVersion',
          'kind',
          'metadata',
        ]);
    }
    for (const e of events) {
      expect(e.accept).toBe(METADATA_WATCH_ACCEPT);
      expect(e.body.object.kind).toBe('PartialObjectMetadata');
      expect(Object.keys(e.body.object).sort()).toEqual([
        'apiVersion',
        'kind',
        'metadata',
      ]);
    }
    const everything = JSON.stringify(arrived);
    expect(everything).not.toMatch(/"(data|stringData)":/);
    const values = [...collectSecretValues(h.fleet), 'never-on-the-wire-42'];
    for (const value of values) {
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(Buffer.from(value).toString('base64'));
    }
  });
});
