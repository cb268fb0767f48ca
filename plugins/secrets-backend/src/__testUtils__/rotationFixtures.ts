import type {
  PlanCluster,
  PlanExternalSecret,
  RotationPlan,
} from '@secrets-plugin/plugin-secrets-common';
import type {
  RotationPolicyConfig,
  RotationPolicyContext,
} from '../rotation/policy/types';

/** One healthy reader of the key, to vary per test. */
export function planExternalSecret(
  overrides: Partial<PlanExternalSecret> = {},
): PlanExternalSecret {
  return {
    namespace: 'payments',
    name: 'payments-db',
    store: {
      cluster: 'prod-eu',
      kind: 'ClusterSecretStore',
      name: 'vault',
      ready: true,
    },
    refreshPolicy: 'Periodic',
    blockers: [],
    target: { name: 'payments-db', exists: true, dataHash: 'h1' },
    pushedBy: [],
    ...overrides,
  };
}

export function planCluster(overrides: Partial<PlanCluster> = {}): PlanCluster {
  return {
    cluster: 'prod-eu',
    environment: 'prod',
    reachable: true,
    externalSecrets: [planExternalSecret()],
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        restartedBy: 'Reloader',
        secrets: ['payments-db'],
      },
    ],
    ...overrides,
  };
}

export function rotationPlan(
  overrides: Partial<RotationPlan> = {},
): RotationPlan {
  return {
    kind: 'rotation',
    entityRef: 'component:default/payments-api',
    groupId: 'g1',
    keyId: 'https://vault.example.com|payments|secret|payments/db',
    vault: {
      server: 'https://vault.example.com',
      serverName: 'main',
      namespace: 'payments',
      mount: 'secret',
      kvVersion: 'v2',
      path: 'payments/db',
    },
    currentVersion: 3,
    keys: [
      { name: 'password', action: 'regenerate', rotator: 'random' },
      { name: 'username', action: 'carry-over' },
    ],
    clusters: [planCluster()],
    environments: ['prod'],
    permissions: [
      {
        system: 'vault',
        action: 'patch secret/data/payments/db',
        allowed: true,
      },
    ],
    ...overrides,
  };
}

export function policyContext(
  overrides: Partial<RotationPolicyContext> = {},
): RotationPolicyContext {
  return {
    plan: rotationPlan(),
    request: {
      kind: 'rotation',
      reason: 'quarterly rotation of the DB password',
    },
    requester: {
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: [
        'user:default/alice',
        'group:default/team-payments',
      ],
    },
    entityOwners: ['group:default/team-payments'],
    history: {},
    now: Date.parse('2026-12-01T10:00:00Z'),
    ...overrides,
  };
}

export function policyConfig(
  overrides: Partial<RotationPolicyConfig> = {},
): RotationPolicyConfig {
  return {
    tenants: [
      {
        owner: 'group:default/team-payments',
        vault: [
          {
            server: 'main',
            namespace: 'payments',
            paths: ['secret/payments/'],
          },
        ],
      },
      {
        owner: 'group:default/team-search',
        vault: [
          { server: 'main', namespace: 'search', paths: ['secret/search/'] },
        ],
      },
    ],
    minReasonLength: 10,
    environments: {},
    ...overrides,
  };
}
