// a root devDependency, shared by the workspaces through the one lockfile entry
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import { ClusterData } from '../cluster/ClusterData';
import type {
  ExternalSecretProjection,
  PushSecretProjection,
  StoreProjection,
  WarningEventProjection,
  WorkloadProjection,
} from '../cluster/projections';
import { EntityRows } from './entityRows';
import { FleetCounts } from './fleetCounts';
import { FleetRows, type ClusterRows } from './fleetRows';

const MARGIN_MS = 5 * 60_000;
const T0 = Date.parse('2026-01-01T12:00:00Z');
const NAMESPACES = ['a', 'b', 'c'];
const NAMES = ['db', 'api', 'cache', 'queue', 'token'];
const STORES = ['vault', 'other', 'absent'];

const namespace = fc.constantFrom(...NAMESPACES);
const name = fc.constantFrom(...NAMES);

const externalSecret: fc.Arbitrary<ExternalSecretProjection> = fc
  .record({
    namespace,
    name,
    store: fc.constantFrom(...STORES),
    storeKind: fc.constantFrom('ClusterSecretStore', 'SecretStore'),
    ready: fc.option(
      fc.record({
        status: fc.constantFrom('True', 'False', 'Unknown'),
        reason: fc.constantFrom('SecretSynced', 'SecretMissing', 'Err'),
        message: fc.constantFrom('store x is not ready', 'denied'),
      }),
      { nil: undefined },
    ),
    refreshMinutes: fc.integer({ min: 0, max: 180 }),
    refreshPolicy: fc.constantFrom('Periodic', 'OnChange', 'CreatedOnce'),
    interval: fc.constantFrom('1h', '10m', '0', undefined),
    target: name,
    keys: fc.subarray(['app/db', 'app/api', 'shared/token']),
  })
  .map(r => ({
    namespace: r.namespace,
    name: r.name,
    labels: {},
    storeRef: { kind: r.storeKind as 'SecretStore', name: r.store },
    refreshInterval: r.interval,
    refreshPolicy: r.refreshPolicy as 'Periodic',
    targetName: r.target,
    vaultRefs: r.keys.map(key => ({ key, property: 'p' })),
    ready: r.ready,
    refreshTime: new Date(T0 + r.refreshMinutes * 60_000).toISOString(),
  }));

const store: fc.Arbitrary<StoreProjection> = fc
  .record({
    kind: fc.constantFrom('ClusterSecretStore', 'SecretStore'),
    namespace,
    name: fc.constantFrom('vault', 'other'),
    ready: fc.constantFrom('True', 'False'),
  })
  .map(r => ({
    kind: r.kind as StoreProjection['kind'],
    namespace: r.kind === 'SecretStore' ? r.namespace : undefined,
    name: r.name,
    vault: { server: 'https://vault:8200', path: 'secret' },
    ready: { status: r.ready, reason: r.ready === 'True' ? 'Valid' : 'X' },
  }));

const warning: fc.Arbitrary<WarningEventProjection> = fc
  .record({
    kind: fc.constantFrom(
      'ExternalSecret',
      'SecretStore',
      'ClusterSecretStore',
    ),
    namespace,
    name: fc.constantFrom(...NAMES, 'vault', 'other'),
    message: fc.constantFrom('permission denied', 'store vault is not ready'),
    minute: fc.integer({ min: 0, max: 120 }),
  })
  .map(r => ({
    objectKey: `${r.kind}/${
      r.kind === 'ClusterSecretStore' ? '' : r.namespace
    }/${r.name}`,
    message: r.message,
    at: new Date(T0 + r.minute * 60_000).toISOString(),
  }));

const workload: fc.Arbitrary<WorkloadProjection> = fc
  .record({ namespace, name, reads: fc.subarray(NAMES), auto: fc.boolean() })
  .map(r => ({
    kind: 'Deployment' as const,
    namespace: r.namespace,
    name: r.name,
    annotations: (r.auto
      ? { 'reloader.stakater.com/auto': 'true' }
      : {}) as Record<string, string>,
    secretNames: r.reads,
    rolloutComplete: true,
    paused: false,
  }));

const pushSecret: fc.Arbitrary<PushSecretProjection> = fc
  .record({ namespace, name, keys: fc.subarray(['app/db', 'shared/token']) })
  .map(r => ({
    namespace: r.namespace,
    name: r.name,
    storeRefs: [{ kind: 'ClusterSecretStore', name: 'vault' }],
    remoteKeys: r.keys,
  }));

const esKey = (es: { namespace: string; name: string }) =>
  `${es.namespace}/${es.name}`;
const storeMapKey = (s: StoreProjection) => `${s.namespace ?? ''}/${s.name}`;

type Op = (data: ClusterData, clock: { now: number }) => void;

const ops: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: externalSecret.map<Op>(
      es => d => d.externalSecrets.upsert(esKey(es), es),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(namespace, name).map<Op>(
      ([ns, n]) =>
        d =>
          d.externalSecrets.remove(`${ns}/${n}`),
    ),
  },
  // a relist (410 Gone, or the cluster back after being down): the new full contents
  {
    weight: 1,
    arbitrary: fc
      .array(externalSecret, { maxLength: 12 })
      .map<Op>(
        list => d => d.externalSecrets.replace(list.map(es => [esKey(es), es])),
      ),
  },
  {
    weight: 2,
    arbitrary: store.map<Op>(
      s => d =>
        (s.kind === 'ClusterSecretStore' ? d.clusterStores : d.stores).upsert(
          storeMapKey(s),
          s,
        ),
    ),
  },
  {
    weight: 1,
    arbitrary: store.map<Op>(
      s => d =>
        (s.kind === 'ClusterSecretStore' ? d.clusterStores : d.stores).remove(
          storeMapKey(s),
        ),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 5 }), warning).map<Op>(
      ([i, w]) =>
        d =>
          d.warnings.sink.upsert(`e${i}`, w),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 5 })
      .map<Op>(i => d => d.warnings.sink.remove(`e${i}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.integer({ min: 0, max: 5 }), warning), {
        maxLength: 4,
      })
      .map<Op>(
        list => d =>
          d.warnings.sink.replace(list.map(([i, w]) => [`e${i}`, w])),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(namespace, name, fc.boolean(), fc.constantFrom('h1', 'h2'))
      .map<Op>(
        ([ns, n, present, hash]) =>
          d =>
            present
              ? d.secrets.upsert(`${ns}/${n}`, {
                  namespace: ns,
                  name: n,
                  dataHash: hash,
                })
              : d.secrets.remove(`${ns}/${n}`),
      ),
  },
  {
    weight: 2,
    arbitrary: workload.map<Op>(
      w => d => d.workloads.upsert(`Deployment/${w.namespace}/${w.name}`, w),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(namespace, name).map<Op>(
      ([ns, n]) =>
        d =>
          d.workloads.remove(`Deployment/${ns}/${n}`),
    ),
  },
  {
    weight: 1,
    arbitrary: pushSecret.map<Op>(p => d => d.pushSecrets.upsert(esKey(p), p)),
  },
  // the served ESO API changed: everything is forgotten and listed again
  { weight: 1, arbitrary: fc.constant<Op>(d => d.clear()) },
  // time passes: Synced rows turn Stale, takesEffect turns overdue
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: 0, max: 90 * 60_000 })
      .map<Op>(ms => (_d, clock) => void (clock.now += ms)),
  },
);

/** Everything the fleet page reads of a cluster's rows: whole rows, in order, per list. */
function shape(rows: ClusterRows) {
  const ids = (list: typeof rows.notSynced) =>
    list.map(r => `${r.namespace}/${r.name}:${r.status}:${r.cause ?? ''}`);
  return {
    counts: rows.counts,
    byStatus: Object.fromEntries(
      Object.entries(rows.byStatus).map(([s, list]) => [s, ids(list)]),
    ),
    notSynced: ids(rows.notSynced),
    rows: rows.byStatus,
  };
}

const ids = (list: Array<{ namespace: string; name: string }>) =>
  list.map(r => `${r.namespace}/${r.name}`);

describe('FleetCounts', () => {
  it('equals a full recount after any sequence of changes, relists and time passing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(externalSecret, workload, pushSecret), {
          maxLength: 15,
        }),
        fc.array(fc.tuple(ops, fc.constantFrom('poll', 'turn', 'none')), {
          maxLength: 60,
        }),
        // with a clock, changes are applied in the background between polls
        fc.boolean(),
        async (seed, steps, withClock) => {
          const data = new ClusterData();
          // a Vault store and some objects from the start, so that changes meet readers
          data.clusterStores.upsert('/vault', {
            kind: 'ClusterSecretStore',
            name: 'vault',
            vault: { server: 'https://vault:8200', path: 'secret' },
            ready: { status: 'True', reason: 'Valid' },
          });
          for (const o of seed) {
            if ('secretNames' in o)
              data.workloads.upsert(`Deployment/${esKey(o)}`, o);
            else if ('remoteKeys' in o) data.pushSecrets.upsert(esKey(o), o);
            else data.externalSecrets.upsert(esKey(o), o);
          }
          const rows = new EntityRows(MARGIN_MS);
          const clock = { now: T0 };
          const incremental = new FleetCounts(
            rows,
            withClock ? () => clock.now : undefined,
          );
          const check = () => {
            const expected = new FleetRows(rows).cluster('c1', data, clock.now);
            expect(shape(incremental.cluster('c1', data, clock.now))).toEqual(
              shape(expected),
            );
          };
          check();
          for (const [op, then] of steps) {
            op(data, clock);
            // polls between some changes only: several changes apply in one poll too
            if (then === 'poll') check();
            else if (then === 'turn')
              await new Promise(resolve => setImmediate(resolve));
          }
          check();
        },
      ),
      { numRuns: 400 },
    );
  });

  it('turns a row Stale at the first instant it is overdue, with no change in the cluster', () => {
    const data = new ClusterData();
    data.clusterStores.upsert('/vault', {
      kind: 'ClusterSecretStore',
      name: 'vault',
      vault: { server: 'https://vault:8200', path: 'secret' },
      ready: { status: 'True', reason: 'Valid' },
    });
    const es: ExternalSecretProjection = {
      namespace: 'a',
      name: 'db',
      labels: {},
      storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
      refreshInterval: '1h',
      refreshPolicy: 'Periodic',
      targetName: 'db',
      vaultRefs: [{ key: 'app/db', property: 'p' }],
      ready: { status: 'True', reason: 'SecretSynced' },
      refreshTime: new Date(T0).toISOString(),
    };
    data.externalSecrets.upsert('a/db', es);
    const fleet = new FleetCounts(new EntityRows(MARGIN_MS));
    const staleAfter = T0 + 3_600_000 + MARGIN_MS;
    const first = fleet.cluster('c1', data, T0);
    // takesEffect turned overdue an hour in: a new row, still Synced
    expect(fleet.cluster('c1', data, staleAfter).counts).toMatchObject({
      Synced: 1,
      Stale: 0,
    });
    const later = fleet.cluster('c1', data, staleAfter + 1);
    expect(later.counts).toMatchObject({ Synced: 0, Stale: 1 });
    expect(later.notSynced.map(r => r.status)).toEqual(['Stale']);
    // the view handed out before does not change under its reader
    expect(first.counts).toMatchObject({ Synced: 1, Stale: 0 });
  });

  it('re-derives only what changed: a poll after one change reads one ExternalSecret', () => {
    const data = new ClusterData();
    data.clusterStores.upsert('/vault', {
      kind: 'ClusterSecretStore',
      name: 'vault',
      ready: { status: 'True', reason: 'Valid' },
    });
    for (let i = 0; i < 50; i++)
      data.externalSecrets.upsert(`a/es-${i}`, {
        namespace: 'a',
        name: `es-${i}`,
        labels: {},
        storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
        refreshPolicy: 'OnChange',
        targetName: `es-${i}`,
        vaultRefs: [],
        ready: { status: 'True', reason: 'SecretSynced' },
      });
    const rows = new EntityRows(MARGIN_MS);
    const forEach = jest.spyOn(rows, 'forEach');
    const fleet = new FleetCounts(rows);
    fleet.cluster('c1', data, T0);
    expect(forEach).toHaveBeenCalledTimes(50);
    forEach.mockClear();
    const es = data.externalSecrets.get('a/es-7')!;
    data.externalSecrets.upsert('a/es-7', {
      ...es,
      ready: { status: 'False', reason: 'Err', message: 'denied' },
    });
    const after = fleet.cluster('c1', data, T0);
    expect(forEach).toHaveBeenCalledTimes(1);
    expect(after.counts).toMatchObject({ Synced: 49, Error: 1 });
  });

  it('with a clock, applies changes as they arrive: the poll after them has nothing left to do', async () => {
    const data = new ClusterData();
    const es: ExternalSecretProjection = {
      namespace: 'a',
      name: 'db',
      labels: {},
      storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
      refreshPolicy: 'OnChange',
      targetName: 'db',
      vaultRefs: [],
      ready: { status: 'True', reason: 'SecretSynced' },
    };
    data.externalSecrets.upsert('a/db', es);
    const rows = new EntityRows(MARGIN_MS);
    const forEach = jest.spyOn(rows, 'forEach');
    const fleet = new FleetCounts(rows, () => T0);
    const before = fleet.cluster('c1', data, T0);
    data.externalSecrets.upsert('a/db', {
      ...es,
      ready: { status: 'False', reason: 'Err', message: 'denied' },
    });
    data.externalSecrets.upsert('a/other', { ...es, name: 'other' });
    await new Promise(resolve => setImmediate(resolve));
    forEach.mockClear();
    const after = fleet.cluster('c1', data, T0);
    expect(forEach).not.toHaveBeenCalled();
    // no such store: a failing ExternalSecret counts as its store's fault
    expect(after.counts).toMatchObject({ Synced: 1, StoreNotReady: 1 });
    expect(ids(after.notSynced)).toEqual(['a/db']);
    expect(ids(after.byStatus.Synced)).toEqual(['a/other']);
    // the view handed out before the changes still says what it said
    expect(before.counts).toMatchObject({ Synced: 1, StoreNotReady: 0 });
  });

  it('leaves changes to the next poll once nobody has polled for ten minutes', async () => {
    const data = new ClusterData();
    const es: ExternalSecretProjection = {
      namespace: 'a',
      name: 'db',
      labels: {},
      storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
      refreshPolicy: 'OnChange',
      targetName: 'db',
      vaultRefs: [],
      ready: { status: 'True', reason: 'SecretSynced' },
    };
    data.externalSecrets.upsert('a/db', es);
    const rows = new EntityRows(MARGIN_MS);
    const forEach = jest.spyOn(rows, 'forEach');
    const clock = { now: T0 };
    const fleet = new FleetCounts(rows, () => clock.now);
    fleet.cluster('c1', data, clock.now);
    clock.now += 10 * 60_000 + 1;
    data.externalSecrets.upsert('a/db', { ...es, ready: { status: 'False' } });
    await new Promise(resolve => setImmediate(resolve));
    forEach.mockClear();
    const after = fleet.cluster('c1', data, clock.now);
    expect(forEach).toHaveBeenCalledTimes(1);
    expect(after.counts).toMatchObject({ Synced: 0, StoreNotReady: 1 });
  });
});
