import type { ExternalSecretProjection } from '../cluster/projections';
import { bumpHelps, forceSyncBlockers } from './forceSyncBlockers';

const es = (over: Partial<ExternalSecretProjection>) =>
  ({
    namespace: 'ns',
    name: 'es',
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    targetName: 'es',
    vaultRefs: [{ key: 'app/db' }],
    refreshTime: '2026-01-01T12:00:00Z',
    ...over,
  } as ExternalSecretProjection);

describe('forceSyncBlockers', () => {
  it.each<[Partial<ExternalSecretProjection>, string[], string[]]>([
    [{}, [], []],
    [{ refreshPolicy: 'CreatedOnce' }, ['CreatedOnce'], ['CreatedOnce']],
    [
      { refreshInterval: '0s' },
      ['RefreshIntervalZero'],
      ['RefreshIntervalZero'],
    ],
    // never synced: any bump fetches, whatever the policy
    [{ refreshPolicy: 'CreatedOnce', refreshTime: undefined }, [], []],
    [{ refreshInterval: '0s', refreshTime: undefined }, [], []],
    // a revalidation only needs a refetch; a new version never reaches a pinned read
    [{ vaultRefs: [{ key: 'k', version: '2' }] }, [], ['PinnedVersion']],
    [
      { ownerClusterExternalSecret: 'p' },
      ['ClusterExternalSecretChild'],
      ['ClusterExternalSecretChild'],
    ],
  ])('%p → refetch %p, new-version %p', (over, refetch, newVersion) => {
    expect(forceSyncBlockers(es(over), 'refetch')).toEqual(refetch);
    expect(forceSyncBlockers(es(over), 'new-version')).toEqual(newVersion);
  });

  it('lets a ClusterExternalSecret child be bumped through its parent', () => {
    expect(bumpHelps(['ClusterExternalSecretChild'])).toBe(true);
    expect(bumpHelps(['ClusterExternalSecretChild', 'CreatedOnce'])).toBe(
      false,
    );
  });
});
