import { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { deriveRow, restartedBy } from './deriveRow';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function setup(es: Partial<ExternalSecretProjection>, storeReady = 'True') {
  const data = new ClusterData();
  data.clusterStores.upsert('/vault', {
    kind: 'ClusterSecretStore',
    name: 'vault',
    vault: { server: 'https://v', path: 'secret', version: 'v2' },
    ready: {
      status: storeReady,
      reason: storeReady === 'True' ? 'Valid' : 'InvalidProviderConfig',
    },
  });
  const full: ExternalSecretProjection = {
    namespace: 'ns',
    name: 'es',
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    targetName: 'es',
    vaultRefs: [{ key: 'app/db', property: 'password' }],
    ...es,
  };
  return deriveRow(
    { cluster: 'c', data, now: NOW, staleMarginMs: 5 * 60_000 },
    full,
  );
}

const synced = (refreshTime: string) => ({
  ready: { status: 'True', reason: 'SecretSynced', message: 'secret synced' },
  refreshTime,
});

describe('deriveRow', () => {
  it('is Synced within interval + margin and Stale beyond it', () => {
    expect(setup(synced('2026-01-01T10:56:00Z')).status).toBe('Synced');
    const stale = setup(synced('2026-01-01T10:54:00Z'));
    expect(stale.status).toBe('Stale');
    // the refresh was due at 11:54 and ESO has not run it
    expect(stale.takesEffect).toEqual({
      reason: 'overdue',
      at: '2026-01-01T11:54:00.000Z',
      forceSyncHelps: true,
    });
  });

  it('promises the next refresh while it is ahead', () => {
    expect(setup(synced('2026-01-01T11:30:00Z')).takesEffect).toEqual({
      reason: 'next-refresh',
      at: '2026-01-01T12:30:00.000Z',
      forceSyncHelps: true,
    });
  });

  it('never calls a CreatedOnce or zero-interval secret Stale, and gives it no next refresh', () => {
    const once = setup({
      ...synced('2025-01-01T00:00:00Z'),
      refreshPolicy: 'CreatedOnce',
    });
    expect([once.status, once.takesEffect]).toEqual([
      'Synced',
      { reason: 'created-once', forceSyncHelps: false },
    ]);
    const zero = setup({
      ...synced('2025-01-01T00:00:00Z'),
      refreshInterval: '0s',
    });
    expect([zero.status, zero.forceSync.blockers, zero.takesEffect]).toEqual([
      'Synced',
      ['RefreshIntervalZero'],
      { reason: 'refresh-disabled', forceSyncHelps: false },
    ]);
  });

  it('is Missing when ESO reports SecretMissing (Merge into an absent Secret)', () => {
    expect(
      setup({
        ready: {
          status: 'True',
          reason: 'SecretMissing',
          message: 'secret will not be created',
        },
      }).status,
    ).toBe('Missing');
  });

  it('is Pending before ESO wrote any condition, StoreNotReady when its store is down', () => {
    expect(setup({}).status).toBe('Pending');
    const failing = {
      ready: {
        status: 'False',
        reason: 'SecretSyncedError',
        message: 'could not get secret data from provider',
      },
    };
    expect(setup(failing).status).toBe('Error');
    expect(setup(failing, 'False').status).toBe('StoreNotReady');
  });
});

describe('restartedBy', () => {
  it.each([
    [{ 'reloader.stakater.com/auto': 'true' }, 'Reloader'],
    [{ 'secret.reloader.stakater.com/reload': 'a, db' }, 'Reloader'],
    [{ 'secret.reloader.stakater.com/reload': 'other' }, 'nobody'],
    [{ 'secrets.hashicorp.com/rollout-restart': 'true' }, 'VSO'],
    [{}, 'nobody'],
  ])('%p → %s', (annotations, who) =>
    expect(restartedBy(annotations, 'db')).toBe(who),
  );
});
