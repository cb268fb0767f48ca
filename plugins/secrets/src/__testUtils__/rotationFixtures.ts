import type {
  PolicyVerdict,
  RotationClusterProgress,
  RotationDetail,
  RotationPlan,
  RotationProposal,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';

export const ROTATION_ID = '0b7c3f5e-2d1a-4c8e-9f00-123456789abc';

/** The demo's payments-api/db key: two clusters, one workload Reloader restarts, one we restart. */
export function makePlan(overrides: Partial<RotationPlan> = {}): RotationPlan {
  const es = (cluster: string) => ({
    namespace: 'payments',
    name: 'payments-api-db',
    store: {
      cluster,
      kind: 'ClusterSecretStore' as const,
      name: 'vault',
      ready: true,
    },
    refreshPolicy: 'Periodic' as const,
    blockers: [],
    target: { name: 'payments-api-db', exists: true },
    pushedBy: [],
  });
  return {
    kind: 'rotation',
    entityRef: 'component:default/payments-api',
    groupId: 'g1',
    keyId: 'k1',
    vault: {
      server: 'https://vault.example:8200',
      serverName: 'vault',
      namespace: 'team-payments',
      mount: 'secret',
      kvVersion: 'v2',
      path: 'payments-api/db',
    },
    currentVersion: 4,
    keys: [
      { name: 'password', action: 'regenerate', rotator: 'random' },
      { name: 'username', action: 'carry-over' },
    ],
    clusters: [
      {
        cluster: 'prod-eu',
        environment: 'prod',
        reachable: true,
        externalSecrets: [es('prod-eu')],
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'payments',
            name: 'payments-api',
            restartedBy: 'Reloader',
            secrets: ['payments-api-db'],
          },
        ],
      },
      {
        cluster: 'prod-us',
        environment: 'prod',
        reachable: true,
        externalSecrets: [es('prod-us')],
        workloads: [
          {
            kind: 'StatefulSet',
            namespace: 'payments',
            name: 'ledger',
            restartedBy: 'us',
            secrets: ['payments-api-db'],
          },
        ],
      },
    ],
    environments: ['prod'],
    permissions: [],
    ...overrides,
  };
}

export function verdict(
  ruleId: string,
  outcome: PolicyVerdict['outcome'],
  message: string,
): PolicyVerdict {
  return { ruleId, title: `Rule ${ruleId}`, outcome, message };
}

/**
 * A dry run answered the way the server does: the reason rule denies under 10 characters, the
 * other verdicts are the test's.
 */
export function proposalFor(
  reason: string,
  others: PolicyVerdict[] = [
    verdict('tenant', 'allow', 'inside team-payments'),
  ],
  plan: RotationPlan = makePlan(),
): RotationProposal {
  const length = reason.trim().length;
  const verdicts = [
    others[0],
    length >= 10
      ? verdict('reason', 'allow', 'reason given')
      : verdict(
          'reason',
          'deny',
          `the reason has ${length} characters; at least 10 are required`,
        ),
    ...others.slice(1),
  ].filter(Boolean);
  return {
    plan,
    verdicts,
    allowed: !verdicts.some(v => v.outcome === 'deny'),
    requiresApproval: false,
  };
}

export function makeSummary(
  overrides: Partial<RotationSummary> = {},
): RotationSummary {
  return {
    id: ROTATION_ID,
    kind: 'rotation',
    state: 'planned',
    entityRef: 'component:default/payments-api',
    groupId: 'g1',
    requestedBy: 'user:default/alice',
    reason: 'quarterly rotation',
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    versionBefore: 4,
    ...overrides,
  };
}

export function clusterProgress(
  cluster: string,
  state: RotationClusterProgress['state'],
  extra: Partial<RotationClusterProgress> = {},
): RotationClusterProgress {
  const at = new Date(Date.now() - 30_000).toISOString();
  return { cluster, state, startedAt: at, updatedAt: at, ...extra };
}

export function makeDetail(
  overrides: Partial<RotationDetail> = {},
): RotationDetail {
  return {
    ...makeSummary(),
    plan: makePlan(),
    clusters: [
      clusterProgress('prod-eu', 'syncing'),
      clusterProgress('prod-us', 'pending'),
    ],
    events: [],
    ...overrides,
  };
}
