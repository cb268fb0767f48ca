import { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { EntityRows } from './entityRows';
import { FleetRows } from './fleetRows';

const SYNCED_AT = '2026-01-01T12:00:00Z';
const MARGIN_MS = 5 * 60_000;
const SOON = Date.parse(SYNCED_AT) + 60_000;
const STALE_AFTER = Date.parse(SYNCED_AT) + 3_600_000 + MARGIN_MS;

function externalSecret(
  namespace: string,
  name: string,
  ready: 'True' | 'False',
): ExternalSecretProjection {
  return {
    namespace,
    name,
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    targetName: name,
    vaultRefs: [{ key: `app/${name}`, property: 'p' }],
    ready: { status: ready, reason: ready === 'True' ? 'SecretSynced' : 'X' },
    refreshTime: SYNCED_AT,
  };
}

function setup() {
  const data = new ClusterData();
  data.clusterStores.upsert('/vault', {
    kind: 'ClusterSecretStore',
    name: 'vault',
    vault: { server: 'https://vault:8200', path: 'secret' },
    ready: { status: 'True', reason: 'Valid' },
  });
  for (const es of [
    externalSecret('b', 'ok', 'True'),
    externalSecret('b', 'broken', 'False'),
    externalSecret('a', 'broken', 'False'),
    externalSecret('a', 'ok', 'True'),
  ])
    data.externalSecrets.upsert(`${es.namespace}/${es.name}`, es);
  // an ExternalSecret without a Vault key to group by still counts
  data.externalSecrets.upsert('a/found', {
    ...externalSecret('a', 'found', 'True'),
    vaultRefs: [],
  });
  const fleet = new FleetRows(new EntityRows(MARGIN_MS));
  return { data, fleet };
}

const ids = (rows: Array<{ namespace: string; name: string }>) =>
  rows.map(r => `${r.namespace}/${r.name}`);

describe('FleetRows', () => {
  it('counts and sorts every ExternalSecret of a cluster by status', () => {
    const { data, fleet } = setup();
    const rows = fleet.cluster('c1', data, SOON);
    expect(rows.counts).toMatchObject({ Synced: 3, Error: 2, Stale: 0 });
    expect(ids(rows.byStatus.Synced)).toEqual(['a/found', 'a/ok', 'b/ok']);
    expect(ids(rows.notSynced)).toEqual(['a/broken', 'b/broken']);
    expect(fleet.cluster('c1', data, SOON)).toBe(rows);
  });

  it('recounts after a change in the cluster', () => {
    const { data, fleet } = setup();
    const before = fleet.cluster('c1', data, SOON);
    data.externalSecrets.upsert('b/ok', externalSecret('b', 'ok', 'False'));
    const after = fleet.cluster('c1', data, SOON);
    expect(after).not.toBe(before);
    expect(after.counts).toMatchObject({ Synced: 2, Error: 3 });
    expect(ids(after.notSynced)).toEqual(['a/broken', 'b/broken', 'b/ok']);
  });

  it('turns rows Stale when their refresh is overdue, keyless ones too', () => {
    const { data, fleet } = setup();
    expect(fleet.cluster('c1', data, STALE_AFTER).counts.Stale).toBe(0);
    const later = fleet.cluster('c1', data, STALE_AFTER + 1);
    expect(later.counts).toMatchObject({ Synced: 0, Stale: 3 });
    expect(ids(later.byStatus.Stale)).toEqual(['a/found', 'a/ok', 'b/ok']);
  });
});
