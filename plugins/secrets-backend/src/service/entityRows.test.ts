import { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { deriveRow } from '../derive/deriveRow';
import { OVERDUE_GRACE_MS } from '../derive/takesEffect';
import { EntityRows, type KeyedRow } from './entityRows';

const SYNCED_AT = '2026-01-01T12:00:00Z';
const MARGIN_MS = 5 * 60_000;
const SOON = Date.parse(SYNCED_AT) + 60_000;
const OVERDUE = Date.parse(SYNCED_AT) + 3_600_000 + MARGIN_MS + 1;

function setup() {
  const data = new ClusterData();
  data.clusterStores.upsert('/vault', {
    kind: 'ClusterSecretStore',
    name: 'vault',
    vault: {
      server: 'https://vault.example:8200/',
      path: 'secret',
      version: 'v2',
    },
    ready: { status: 'True', reason: 'Valid' },
  });
  const es: ExternalSecretProjection = {
    namespace: 'ns',
    name: 'es',
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    targetName: 'app',
    vaultRefs: [
      { key: 'app/db', property: 'user' },
      { key: 'app/db', property: 'password' },
      { key: 'app/api', property: 'token', version: '4' },
    ],
    ready: { status: 'True', reason: 'SecretSynced', message: 'secret synced' },
    refreshTime: SYNCED_AT,
  };
  data.externalSecrets.upsert('ns/es', es);
  return { data, es, rows: new EntityRows(MARGIN_MS) };
}

function collect(
  rows: EntityRows,
  data: ClusterData,
  es: ExternalSecretProjection,
  now: number,
): KeyedRow[] {
  const out: KeyedRow[] = [];
  rows.forEach('c', data, es, now, k => out.push(k));
  return out;
}

describe('EntityRows', () => {
  it('gives one row per Vault key, equal to deriving it afresh', () => {
    const { data, es, rows } = setup();
    const keyed = collect(rows, data, es, SOON);
    expect(
      keyed.map(k => [k.vault.key, k.vault.property, k.vault.pinnedVersion]),
    ).toEqual([
      ['app/db', undefined, undefined],
      ['app/api', 'token', '4'],
    ]);
    expect(keyed[0].vault.server).toBe('https://vault.example:8200');
    const fresh = deriveRow(
      { cluster: 'c', data, now: SOON, staleMarginMs: MARGIN_MS },
      es,
    );
    for (const k of keyed)
      expect(JSON.stringify(k.row)).toBe(
        JSON.stringify({ ...fresh, vault: k.vault }),
      );
  });

  it('reuses rows until something the ExternalSecret reads changes', () => {
    const { data, es, rows } = setup();
    const first = collect(rows, data, es, SOON)[0].row;
    expect(collect(rows, data, es, SOON)[0].row).toBe(first);

    data.secrets.upsert('other/x', { namespace: 'other', name: 'x' });
    expect(collect(rows, data, es, SOON)[0].row).toBe(first);

    data.secrets.upsert('ns/app', {
      namespace: 'ns',
      name: 'app',
      dataHash: 'h1',
    });
    const afterTarget = collect(rows, data, es, SOON)[0].row;
    expect(afterTarget).not.toBe(first);
    expect(afterTarget.target).toEqual({
      name: 'app',
      exists: true,
      dataHash: 'h1',
      vaultVersion: undefined,
    });

    data.warnings.sink.upsert('e1', {
      objectKey: 'ExternalSecret/ns/es',
      message: 'boom',
      at: SYNCED_AT,
    });
    expect(collect(rows, data, es, SOON)[0].row).not.toBe(afterTarget);
  });

  it('turns a cached Synced row Stale once the refresh is overdue, with the same keys', () => {
    const { data, es, rows } = setup();
    const synced = collect(rows, data, es, SOON)[0].row;
    const stale = collect(rows, data, es, OVERDUE)[0].row;
    expect(synced.status).toBe('Synced');
    expect(stale.status).toBe('Stale');
    expect(Object.keys(stale)).toEqual(Object.keys(synced));
    const fresh = deriveRow(
      { cluster: 'c', data, now: OVERDUE, staleMarginMs: MARGIN_MS },
      es,
    );
    expect(JSON.stringify(stale)).toBe(
      JSON.stringify({ ...fresh, vault: stale.vault }),
    );
    expect(collect(rows, data, es, SOON)[0].row).toBe(synced);
  });

  it('gives ExternalSecrets that find secrets, or name no Vault key, a group of their own', () => {
    const { data, es, rows } = setup();
    const finder = {
      ...es,
      name: 'finder',
      vaultRefs: [{ key: 'app/', find: 'name ~ ^db-' }],
    };
    const [found] = collect(rows, data, finder, SOON);
    expect(found.vault).toMatchObject({
      mount: 'secret',
      key: 'app/',
      find: 'name ~ ^db-',
    });
    expect(found.id).not.toBe(
      collect(rows, data, { ...es, vaultRefs: [{ key: 'app/' }] }, SOON)[0].id,
    );
    const generated = collect(
      rows,
      data,
      { ...es, name: 'generated', vaultRefs: [] },
      SOON,
    );
    expect(generated).toHaveLength(1);
    expect(generated[0].vault.find).toBe('no Vault reference');
    expect(generated[0].row.status).toBe('Synced');
  });

  it('says overdue once the promised refresh has passed, before it is Stale, and keeps the cached row', () => {
    const { data, es: pinned, rows } = setup();
    // a pinned read is never promised a refresh: this one reads the latest version
    const es = { ...pinned, vaultRefs: [{ key: 'app/db' }] };
    const due = Date.parse(SYNCED_AT) + 3_600_000;
    const out: KeyedRow[] = [];
    // until then only the passing of the refresh (plus grace) changes the row
    expect(rows.forEach('c', data, es, SOON, k => out.push(k))).toBe(
      due + OVERDUE_GRACE_MS,
    );
    const promised = out[0].row;
    expect(promised.takesEffect.reason).toBe('next-refresh');
    const later = due + OVERDUE_GRACE_MS + 1;
    const seen: KeyedRow[] = [];
    expect(rows.forEach('c', data, es, later, k => seen.push(k))).toBe(
      due + MARGIN_MS,
    );
    expect(seen[0].row).toMatchObject({
      status: 'Synced',
      takesEffect: {
        reason: 'overdue',
        at: new Date(due).toISOString(),
        forceSyncHelps: true,
      },
    });
    expect(promised.takesEffect.reason).toBe('next-refresh');
    expect(collect(rows, data, es, SOON)[0].row).toBe(promised);
  });

  it('names the configured Vault server in the coordinates', () => {
    const { data, es } = setup();
    const named = new EntityRows(MARGIN_MS, url =>
      url === 'https://vault.example:8200' ? 'main' : undefined,
    );
    expect(collect(named, data, es, SOON)[0].vault.serverName).toBe('main');
    expect(
      collect(new EntityRows(MARGIN_MS), data, es, SOON)[0].vault.serverName,
    ).toBeUndefined();
  });
});
