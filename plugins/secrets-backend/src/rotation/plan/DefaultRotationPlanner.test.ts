import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EntitySecretsResponse } from '@secrets-plugin/plugin-secrets-common';
import { ClusterData } from '../../cluster/ClusterData';
import type { ExternalSecretProjection } from '../../cluster/projections';
import { vaultGroupId } from '../../derive/vaultCoordinates';
import { RandomRotator } from '../rotators/RandomRotator';
import {
  DefaultRotationPlanner,
  entityOwners,
  type PlannerKube,
} from './DefaultRotationPlanner';

const credentials = mockCredentials.user('user:default/alice');
const SERVER = 'https://vault.example.com:8200';
const key = {
  server: SERVER,
  serverName: 'main',
  namespace: 'payments',
  mount: 'secret',
  kvVersion: 'v2' as const,
  key: 'payments/db',
};
const GROUP = vaultGroupId(key);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'team-payments' },
};

function es(
  name: string,
  overrides: Partial<ExternalSecretProjection> & { rotate?: string } = {},
): ExternalSecretProjection {
  return {
    namespace: 'payments',
    name,
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshPolicy: 'Periodic',
    refreshInterval: '1h',
    refreshTime: '2026-12-01T09:00:00Z',
    targetName: name,
    vaultRefs: [{ key: 'payments/db', property: 'password' }],
    ready: { status: 'True', reason: 'SecretSynced' },
    ...overrides,
  };
}

function cluster(readers: ExternalSecretProjection[], restarted = false) {
  const data = new ClusterData();
  data.clusterStores.upsert('/vault', {
    kind: 'ClusterSecretStore',
    name: 'vault',
    vault: { server: SERVER, namespace: 'payments', path: 'secret' },
    ready: { status: 'True', reason: 'Valid' },
  });
  for (const r of readers) {
    data.externalSecrets.upsert(`${r.namespace}/${r.name}`, r);
    data.secrets.upsert(`${r.namespace}/${r.targetName}`, {
      namespace: r.namespace,
      name: r.targetName,
      dataHash: `hash-${r.name}`,
    });
  }
  data.workloads.upsert('Deployment/payments/api', {
    kind: 'Deployment',
    rolloutComplete: true,
    paused: false,
    namespace: 'payments',
    name: 'api',
    annotations: restarted ? { 'reloader.stakater.com/auto': 'true' } : {},
    secretNames: readers.map(r => r.targetName),
  });
  return data;
}

function setup(options: {
  prod?: ExternalSecretProjection[];
  dev?: ExternalSecretProjection[];
  kube?: PlannerKube;
}) {
  const response: EntitySecretsResponse = {
    entityRef: 'component:default/payments-api',
    generatedAt: '2026-12-01T10:00:00Z',
    groups: [{ id: GROUP, vault: key, rows: [] }],
    clusters: [],
    errors: [],
    vaultServers: [],
    storeAdvice: [],
  };
  const describe = jest.fn(async () => ({
    currentVersion: 3,
    maxVersions: 10,
    keyNames: ['username', 'password'],
    rollbackState: 'available' as const,
    permissions: [
      {
        system: 'vault' as const,
        action: 'patch secret/data/payments/db',
        allowed: true,
      },
    ],
  }));
  const canI = jest.fn(async (_c: string, checks: unknown[]) =>
    checks.map(() => ({ allowed: true })),
  );
  const planner = new DefaultRotationPlanner({
    secrets: { getEntitySecrets: async () => response },
    catalog: { getEntityByRef: async () => entity },
    clusters: () => [
      {
        name: 'prod-eu',
        environment: 'prod',
        reachable: true,
        data: cluster(
          options.prod ?? [es('payments-db', { rotate: 'password' })],
          true,
        ),
      },
      {
        name: 'dev-eu',
        environment: 'dev',
        reachable: false,
        data: cluster(
          options.dev ?? [es('payments-db-dev', { rotate: 'password' })],
        ),
      },
      { name: 'search', reachable: true, data: new ClusterData() },
    ],
    vault: { describe },
    kube: options.kube ?? { canI },
    rotators: new Map([['random', new RandomRotator()]]),
    defaultRotator: 'random',
  });
  return { planner, describe, canI };
}

const request = {
  kind: 'rotation' as const,
  entityRef: 'component:default/payments-api',
  groupId: GROUP,
};

describe('DefaultRotationPlanner', () => {
  it('plans every cluster that reads the key, with stores, targets, consumers and who restarts them', async () => {
    const { planner } = setup({});
    const { plan, entityOwners: owners } = await planner.plan(request, {
      credentials,
    });
    expect(owners).toEqual(['group:default/team-payments']);
    expect(plan.vault).toEqual({
      server: SERVER,
      serverName: 'main',
      namespace: 'payments',
      mount: 'secret',
      kvVersion: 'v2',
      path: 'payments/db',
    });
    expect(plan.keyId).toBe(GROUP);
    expect(plan.currentVersion).toBe(3);
    expect(plan.environments).toEqual(['dev', 'prod']);
    expect(plan.clusters.map(c => [c.cluster, c.reachable])).toEqual([
      ['prod-eu', true],
      ['dev-eu', false],
    ]);
    expect(plan.clusters[0].externalSecrets[0]).toEqual({
      namespace: 'payments',
      name: 'payments-db',
      store: {
        cluster: 'prod-eu',
        kind: 'ClusterSecretStore',
        name: 'vault',
        namespace: undefined,
        ready: true,
      },
      refreshPolicy: 'Periodic',
      blockers: [],
      via: undefined,
      target: {
        name: 'payments-db',
        exists: true,
        dataHash: 'hash-payments-db',
      },
      lastSyncAt: '2026-12-01T09:00:00Z',
      pushedBy: [],
      managedBy: undefined,
    });
    expect(plan.clusters.map(c => c.workloads[0].restartedBy)).toEqual([
      'Reloader',
      'us',
    ]);
    expect(plan.keys).toEqual([
      { name: 'password', action: 'regenerate', rotator: 'random' },
      { name: 'username', action: 'carry-over' },
    ]);
  });

  it('checks patch rights only where it will patch, and only in reachable clusters', async () => {
    const { planner, canI } = setup({});
    const { plan } = await planner.plan(request, { credentials });
    expect(canI).toHaveBeenCalledTimes(1);
    expect(canI).toHaveBeenCalledWith('prod-eu', [
      {
        verb: 'patch',
        group: 'external-secrets.io',
        resource: 'externalsecrets',
        namespace: 'payments',
        name: 'payments-db',
      },
    ]);
    expect(
      plan.permissions.map(p => [p.system, p.cluster, p.action, p.allowed]),
    ).toEqual([
      ['vault', undefined, 'patch secret/data/payments/db', true],
      [
        'kubernetes',
        'prod-eu',
        'patch externalsecrets payments/payments-db',
        true,
      ],
    ]);
  });

  it('patches a ClusterExternalSecret once for all its children, and names a refused right', async () => {
    const child = (name: string) =>
      es(name, {
        ownerClusterExternalSecret: 'payments-db-everywhere',
        rotate: 'password',
      });
    const { planner } = setup({
      prod: [child('a'), child('b')],
      dev: [],
      kube: {
        canI: async () => [
          { allowed: false, reason: 'no RBAC policy matched' },
        ],
      },
    });
    const { plan } = await planner.plan(request, { credentials });
    expect(plan.permissions.filter(p => p.system === 'kubernetes')).toEqual([
      {
        system: 'kubernetes',
        cluster: 'prod-eu',
        action: 'patch clusterexternalsecrets payments-db-everywhere',
        allowed: false,
        reason: 'no RBAC policy matched',
      },
    ]);
  });

  it('marks pinned and CreatedOnce readers so the policy can name them', async () => {
    const { planner } = setup({
      prod: [
        es('pinned', {
          vaultRefs: [
            { key: 'payments/db', property: 'password', version: '2' },
          ],
          rotate: 'password',
        }),
        es('once', { refreshPolicy: 'CreatedOnce', rotate: 'password' }),
      ],
    });
    const { plan } = await planner.plan(request, { credentials });
    expect(
      plan.clusters[0].externalSecrets.map(e => [e.name, e.blockers]),
    ).toEqual([
      ['pinned', ['PinnedVersion']],
      ['once', ['CreatedOnce']],
    ]);
  });

  it('never guesses which keys rotate: no declaration carries every key over', async () => {
    const { planner } = setup({
      prod: [es('payments-db')],
      dev: [es('payments-db-dev')],
    });
    const { plan } = await planner.plan(request, { credentials });
    expect(plan.keys).toEqual([
      { name: 'username', action: 'carry-over' },
      { name: 'password', action: 'carry-over' },
    ]);
  });

  it('refuses readers that declare different rotations for one key', async () => {
    const { planner } = setup({
      prod: [es('payments-db', { rotate: 'password' })],
      dev: [es('payments-db-dev', { rotate: 'password=random:64' })],
    });
    const { plan } = await planner.plan(request, { credentials });
    expect(plan.keys[0]).toEqual({
      name: '*',
      action: 'regenerate',
      problem:
        'readers declare different rotations: password | password=random:64',
    });
  });

  it('a rollback regenerates nothing and carries the version state', async () => {
    const { planner, describe } = setup({});
    const { plan } = await planner.plan(
      { ...request, kind: 'rollback', rollbackTo: 2 },
      { credentials },
    );
    expect(describe).toHaveBeenCalledWith(plan.vault, 2);
    expect(plan.keys).toEqual([]);
    expect(plan.rollbackTo).toEqual({ version: 2, state: 'available' });
  });

  it("404s for a group the entity does not read (a crafted group id of another team's key)", async () => {
    const { planner } = setup({});
    const other = vaultGroupId({
      ...key,
      namespace: 'search',
      key: 'search/es',
    });
    await expect(
      planner.plan({ ...request, groupId: other }, { credentials }),
    ).rejects.toThrow(
      `component:default/payments-api reads no Vault key with group id ${other}`,
    );
  });
});

describe('entityOwners', () => {
  it('reads spec.owner in the entity namespace and ownedBy relations', () => {
    expect(
      entityOwners({
        ...entity,
        spec: { owner: 'group:platform/team-x' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-y' }],
      }),
    ).toEqual(['group:platform/team-x', 'group:default/team-y']);
  });
});
