// fast-check is a root devDependency, like the backend's property tests use it
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import {
  compactEntitySecrets,
  expandEntitySecrets,
  isCompactEntitySecrets,
} from './compactEntitySecrets';
import type { EntitySecretsResponse, ExternalSecretRow } from './types';

const store = (cluster: string, ready: boolean) => ({
  cluster,
  kind: 'ClusterSecretStore' as const,
  name: 'vault',
  health: ready
    ? { ready: true, reason: 'Valid', since: '2026-12-01T10:00:00Z' }
    : { ready: false, reason: 'InvalidProviderConfig', cause: 'sealed' },
});
const vault = { server: 'https://vault', mount: 'kv', key: 'apps/db' };

const rowArb = fc.record(
  {
    cluster: fc.constantFrom('prod-eu', 'prod-us'),
    namespace: fc.constantFrom('payments', 'search'),
    name: fc.string({ minLength: 1, maxLength: 8 }),
    status: fc.constantFrom('Synced', 'Error', 'Stale'),
    cause: fc.constantFrom('permission denied', 'sealed'),
    causeInfo: fc.record({
      source: fc.constantFrom('event', 'condition'),
      count: fc.nat(5),
      superseded: fc.boolean(),
    }),
    condition: fc.record({
      status: fc.constantFrom('True', 'False'),
      reason: fc.constantFrom('SecretSynced', 'SecretSyncedError'),
      since: fc.constantFrom('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'),
    }),
    ready: fc.boolean(),
    refreshPolicy: fc.constantFrom('Periodic', 'OnChange', 'CreatedOnce'),
    at: fc.constantFrom(undefined, '2026-12-01T12:00:00.000Z'),
    ownVault: fc.constantFrom('group', 'pinned', 'none'),
    consumers: fc.array(
      fc.record({
        kind: fc.constant('Deployment' as const),
        namespace: fc.constant('payments'),
        name: fc.string({ maxLength: 5 }),
        restartedBy: fc.constantFrom('Reloader', 'nobody'),
      }),
      { maxLength: 2 },
    ),
    pushed: fc.boolean(),
    targetName: fc.constantFrom('db', 'other'),
    hash: fc.constantFrom('abc', 'def'),
    owner: fc.constantFrom('platform-ces'),
  },
  { requiredKeys: ['cluster', 'namespace', 'name', 'status', 'ready'] },
);

function fullRow(r: Record<string, any>): ExternalSecretRow {
  const row: ExternalSecretRow = {
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    status: r.status,
    store: store(r.cluster, r.ready),
    refreshPolicy: r.refreshPolicy ?? 'Periodic',
    takesEffect: {
      reason: 'next-refresh',
      ...(r.at && { at: r.at }),
      forceSyncHelps: true,
    },
    forceSync: { supported: true, blockers: [] },
    target: {
      name: r.targetName ?? r.name,
      exists: true,
      ...(r.hash && { dataHash: r.hash }),
    },
    consumers: r.consumers ?? [],
    pushedBy: r.pushed ? [{ namespace: r.namespace, name: 'push' }] : [],
  };
  if (r.cause) row.cause = r.cause;
  if (r.owner) row.ownerClusterExternalSecret = r.owner;
  if (r.causeInfo) row.causeInfo = r.causeInfo;
  if (r.condition) row.condition = r.condition;
  if (r.ownVault === 'pinned') row.vault = { ...vault, pinnedVersion: '3' };
  else if (r.ownVault !== 'none') row.vault = { ...vault };
  return row;
}

function response(rows: ExternalSecretRow[]): EntitySecretsResponse {
  return {
    entityRef: 'component:default/payments-api',
    generatedAt: '2026-12-01T12:00:00.000Z',
    groups: [
      { id: 'g1', vault, rows },
      { id: 'g2', vault: { ...vault, key: 'apps/other' }, rows: [] },
    ],
    clusters: [],
    errors: [],
    vaultServers: [],
    storeAdvice: [],
  };
}

describe('compactEntitySecrets', () => {
  it('expands back to the same answer, through JSON, for any rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), rows => {
        const full = response(rows.map(fullRow));
        const wire = JSON.parse(JSON.stringify(compactEntitySecrets(full)));
        expect(isCompactEntitySecrets(wire)).toBe(true);
        expect(expandEntitySecrets(wire)).toEqual(
          JSON.parse(JSON.stringify(full)),
        );
      }),
      { seed: 1717, numRuns: 200 },
    );
  });

  it("expands back to the same answer when rows share objects, as the backend's do", () => {
    const stores = [store('prod-eu', true), store('prod-eu', false)];
    const verdicts = [
      { supported: true, blockers: [] },
      { supported: false, blockers: ['CreatedOnce' as const] },
    ];
    const infos = [{ source: 'event' as const, count: 2, superseded: false }];
    const shared = fc.record({
      status: fc.constantFrom('Synced', 'Error'),
      namespace: fc.constantFrom('payments', 'search'),
      store: fc.nat(1),
      forceSync: fc.nat(1),
      cause: fc.constantFrom(undefined, 'permission denied'),
      causeInfo: fc.constantFrom(undefined, 0),
      reason: fc.constantFrom('next-refresh', 'retry-backoff'),
      since: fc.constantFrom('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'),
      message: fc.constantFrom('synced', 'failed'),
    });
    fc.assert(
      fc.property(fc.array(shared, { maxLength: 40 }), parts => {
        const rows = parts.map((p, i) => {
          const row = fullRow({
            cluster: 'prod-eu',
            namespace: p.namespace,
            name: `es-${i}`,
            status: p.status,
            ready: true,
            ownVault: 'group',
            at: p.since,
            condition: { status: 'True', message: p.message, since: p.since },
          });
          row.store = stores[p.store];
          row.forceSync = verdicts[p.forceSync];
          row.takesEffect = { ...row.takesEffect, reason: p.reason as any };
          if (p.cause) row.cause = p.cause;
          if (p.causeInfo !== undefined) row.causeInfo = infos[p.causeInfo];
          return row;
        });
        const full = response(rows);
        const wire = JSON.parse(JSON.stringify(compactEntitySecrets(full)));
        expect(expandEntitySecrets(wire)).toEqual(
          JSON.parse(JSON.stringify(full)),
        );
      }),
      { seed: 1818, numRuns: 300 },
    );
  });

  it('sends a part many rows share once, and shares it again when expanded', () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      fullRow({
        cluster: 'prod-eu',
        namespace: 'payments',
        name: `es-${i}`,
        status: 'Synced',
        ready: true,
        ownVault: 'group',
      }),
    );
    const full = response(rows);
    const compact = compactEntitySecrets(full);
    expect(compact.tables.stores).toHaveLength(1);
    // same cluster, namespace, status, condition and verdicts: one profile
    expect(compact.tables.profiles).toHaveLength(1);
    expect(compact.groups[0].rows[0]).toEqual({
      profile: 0,
      name: 'es-0',
      // the target is named like the row
      target: { exists: true },
    });
    // rows read their group's coordinates: none are sent per row
    expect(compact.tables.vault).toHaveLength(0);
    expect(compact.groups[0].rows[0]).not.toHaveProperty('vault');
    expect(JSON.stringify(compact).length).toBeLessThan(
      JSON.stringify(full).length / 5,
    );
    const expanded = expandEntitySecrets(JSON.parse(JSON.stringify(compact)));
    expect(expanded.groups[0].rows[0].store).toBe(
      expanded.groups[0].rows[99].store,
    );
  });

  it('names a dangling index instead of answering with a hole', () => {
    const compact = compactEntitySecrets(
      response([
        fullRow({
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'db',
          status: 'Synced',
          ready: true,
        }),
      ]),
    );
    compact.tables.stores = [];
    expect(() => expandEntitySecrets(compact)).toThrow(
      'compact entity answer: no store #0',
    );
  });

  it('tells the full form from the compact one', () => {
    expect(isCompactEntitySecrets(response([]))).toBe(false);
  });
});
