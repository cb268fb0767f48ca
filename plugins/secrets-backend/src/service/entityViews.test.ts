import type { Entity } from '@backstage/catalog-model';
import { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import { entityExternalSecrets } from './entityMatcher';
import { EntityRows } from './entityRows';
import { EntityViews, type ViewCluster } from './entityViews';

const SYNCED_AT = '2026-01-01T12:00:00Z';
const MARGIN_MS = 5 * 60_000;
const SOON = Date.parse(SYNCED_AT) + 60_000;
const STALE_AFTER = Date.parse(SYNCED_AT) + 3_600_000 + MARGIN_MS;

const entity = (id: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: id, annotations: { 'backstage.io/kubernetes-id': id } },
});

function externalSecret(
  name: string,
  entityId: string,
  key = `app/${name}`,
): ExternalSecretProjection {
  return {
    namespace: 'ns',
    name,
    labels: { 'backstage.io/kubernetes-id': entityId },
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    targetName: name,
    vaultRefs: [{ key, property: 'password' }],
    ready: { status: 'True', reason: 'SecretSynced' },
    refreshTime: SYNCED_AT,
  };
}

function setup(maxViews?: number) {
  const data = new ClusterData();
  data.clusterStores.upsert('/vault', {
    kind: 'ClusterSecretStore',
    name: 'vault',
    vault: { server: 'https://vault:8200', path: 'secret', version: 'v2' },
    ready: { status: 'True', reason: 'Valid' },
  });
  data.externalSecrets.upsert('ns/a', externalSecret('a', 'app'));
  data.externalSecrets.upsert('ns/b', externalSecret('b', 'app'));
  data.externalSecrets.upsert('ns/other', externalSecret('other', 'other'));
  const clusters: ViewCluster[] = [{ name: 'c1', data }];
  const views = new EntityViews(new EntityRows(MARGIN_MS), maxViews);
  const groupsOf = (id: string, now = SOON) =>
    views.groups(
      `component:default/${id}`,
      entityExternalSecrets(entity(id)),
      clusters,
      now,
    );
  return { data, groupsOf, clusters };
}

const names = (groups: ReturnType<ReturnType<typeof setup>['groupsOf']>) =>
  groups.flatMap(g => g.rows.map(r => `${g.vault.key}:${r.name}:${r.status}`));

describe('EntityViews', () => {
  it('groups the entity’s rows by Vault key and reuses them while nothing changed', () => {
    const { groupsOf } = setup();
    const first = groupsOf('app');
    expect(names(first)).toEqual(['app/a:a:Synced', 'app/b:b:Synced']);
    expect(groupsOf('app')).toBe(first);
    expect(groupsOf('other')).not.toBe(first);
  });

  it('rebuilds when a matched ExternalSecret changes, appears or goes', () => {
    const { data, groupsOf } = setup();
    const first = groupsOf('app');
    data.externalSecrets.upsert('ns/a', {
      ...externalSecret('a', 'app'),
      ready: { status: 'False', reason: 'SecretSyncedError', message: 'boom' },
    });
    const second = groupsOf('app');
    expect(second).not.toBe(first);
    expect(names(second)).toEqual(['app/a:a:Error', 'app/b:b:Synced']);
    data.externalSecrets.upsert('ns/c', externalSecret('c', 'app'));
    expect(names(groupsOf('app'))).toContain('app/c:c:Synced');
    data.externalSecrets.remove('ns/c');
    data.externalSecrets.remove('ns/b');
    expect(names(groupsOf('app'))).toEqual(['app/a:a:Error']);
  });

  it('rebuilds when something a row reads changes, such as its store', () => {
    const { data, groupsOf } = setup();
    const first = groupsOf('app');
    data.clusterStores.upsert('/vault', {
      kind: 'ClusterSecretStore',
      name: 'vault',
      vault: { server: 'https://vault:8200', path: 'secret', version: 'v2' },
      ready: { status: 'False', reason: 'InvalidProviderConfig' },
    });
    const second = groupsOf('app');
    expect(second).not.toBe(first);
    expect(second[0].rows[0].store.health.ready).toBe(false);
  });

  it('turns rows Stale exactly when their refresh is overdue by the margin', () => {
    const { groupsOf } = setup();
    const fresh = groupsOf('app', STALE_AFTER);
    expect(names(fresh)).toEqual(['app/a:a:Synced', 'app/b:b:Synced']);
    expect(groupsOf('app', STALE_AFTER)).toBe(fresh);
    expect(names(groupsOf('app', STALE_AFTER + 1))).toEqual([
      'app/a:a:Stale',
      'app/b:b:Stale',
    ]);
  });

  it('treats a changed matching annotation as another view', () => {
    const { groupsOf, clusters } = setup();
    const views = new EntityViews(new EntityRows(MARGIN_MS));
    const byId = views.groups(
      'component:default/app',
      entityExternalSecrets(entity('app')),
      clusters,
      SOON,
    );
    const bySelector = views.groups(
      'component:default/app',
      entityExternalSecrets({
        ...entity('app'),
        metadata: {
          name: 'app',
          annotations: {
            'backstage.io/kubernetes-label-selector':
              'backstage.io/kubernetes-id in (app,other)',
          },
        },
      }),
      clusters,
      SOON,
    );
    expect(names(byId)).toHaveLength(2);
    expect(names(bySelector)).toHaveLength(3);
    expect(names(groupsOf('app'))).toHaveLength(2);
  });

  it('keeps at most maxViews views, dropping the least recently used', () => {
    const { groupsOf } = setup(1);
    const app = groupsOf('app');
    expect(groupsOf('app')).toBe(app);
    groupsOf('other');
    expect(groupsOf('app')).not.toBe(app);
  });
});
