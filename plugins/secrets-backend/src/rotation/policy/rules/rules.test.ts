/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "check"] }] */
import {
  planCluster,
  planExternalSecret,
  policyConfig,
  policyContext,
  rotationPlan,
} from '../../../__testUtils__/rotationFixtures';
import type { RotationPolicyContext, RotationPolicyRule } from '../types';
import { blastRadiusRule } from './blastRadius';
import { cooldownRule } from './cooldown';
import { freezeWindowsRule, openFreezeWindow } from './freezeWindows';
import { preflightPermissionsRule } from './preflightPermissions';
import { propagationPossibleRule } from './propagationPossible';
import { pushSecretConflictRule } from './pushSecretConflict';
import { reasonRequiredRule } from './reasonRequired';
import { rollbackTargetRule } from './rollbackTarget';
import { rotatorAvailableRule } from './rotatorAvailable';
import { storeHealthGateRule } from './storeHealthGate';
import { tenantBoundaryRule } from './tenantBoundary';

type Case = [string, Partial<RotationPolicyContext>, string, RegExp];

async function check(rule: RotationPolicyRule, cases: Case[]) {
  for (const [, overrides, outcome, message] of cases) {
    const verdict = await rule.evaluate(policyContext(overrides));
    expect({ outcome: verdict.outcome, message: verdict.message }).toEqual({
      outcome,
      message: expect.stringMatching(message),
    });
  }
}

const withVault = (
  vault: Partial<ReturnType<typeof rotationPlan>['vault']>,
) => ({
  plan: rotationPlan({ vault: { ...rotationPlan().vault, ...vault } }),
});

describe('tenant-boundary', () => {
  const rule = tenantBoundaryRule(policyConfig().tenants);
  it.each<Case>([
    ['own key', {}, 'allow', /belongs to group:default\/team-payments/],
    [
      'own key by server URL',
      withVault({ serverName: undefined }),
      'deny',
      /outside/,
    ],
    [
      "another tenant's path",
      withVault({ path: 'search/es' }),
      'deny',
      /secret\/search\/es is outside the Vault locations of group:default\/team-payments/,
    ],
    [
      'a sibling prefix',
      withVault({ path: 'payments-old/db' }),
      'deny',
      /outside/,
    ],
    [
      'another namespace',
      withVault({ namespace: 'search' }),
      'deny',
      /outside/,
    ],
    [
      'another server',
      withVault({ serverName: 'other', server: 'https://other' }),
      'deny',
      /outside/,
    ],
    [
      'owner without a tenant',
      { entityOwners: ['group:default/nobody'] },
      'deny',
      /No tenant is configured for group:default\/nobody/,
    ],
  ])('%s', async (...c) => check(rule, [c]));

  it('accepts the server URL in the tenant config as well as the name', async () => {
    const byUrl = tenantBoundaryRule([
      {
        owner: 'group:default/team-payments',
        vault: [
          {
            server: 'https://vault.example.com/',
            namespace: 'payments',
            paths: ['secret/payments'],
          },
        ],
      },
    ]);
    await check(byUrl, [['url', {}, 'allow', /belongs/]]);
  });
});

describe('reason', () => {
  const rule = reasonRequiredRule(10);
  it.each<Case>([
    ['long enough', {}, 'allow', /reason given/],
    [
      'too short',
      { request: { kind: 'rotation', reason: '  x  ' } },
      'deny',
      /has 1 characters; at least 10/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('rotator-available', () => {
  const rule = rotatorAvailableRule();
  it.each<Case>([
    [
      'declared keys',
      {},
      'allow',
      /regenerates password \(random\); keeps username/,
    ],
    [
      'nothing declared',
      {
        plan: rotationPlan({
          keys: [{ name: 'username', action: 'carry-over' }],
        }),
      },
      'deny',
      /no key of this secret is declared rotatable/,
    ],
    [
      'declared without rotator',
      {
        plan: rotationPlan({ keys: [{ name: 'token', action: 'regenerate' }] }),
      },
      'deny',
      /no rotator for token/,
    ],
    [
      'declared with an unknown rotator',
      {
        plan: rotationPlan({
          keys: [
            {
              name: 'token',
              action: 'regenerate',
              problem: "no rotator 'ldap'",
            },
          ],
        }),
      },
      'deny',
      /no rotator for token: no rotator 'ldap'/,
    ],
    [
      'rollback generates nothing',
      { plan: rotationPlan({ kind: 'rollback', keys: [] }) },
      'allow',
      /nothing is generated/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('propagation-possible', () => {
  const rule = propagationPossibleRule();
  const reader = (es: Parameters<typeof planExternalSecret>[0]) => ({
    plan: rotationPlan({
      clusters: [planCluster({ externalSecrets: [planExternalSecret(es)] })],
    }),
  });
  it.each<Case>([
    ['a plain reader', {}, 'allow', /all 1 ExternalSecret/],
    [
      'pinned',
      reader({ blockers: ['PinnedVersion'] }),
      'deny',
      /prod-eu payments\/payments-db: it pins a Vault version/,
    ],
    [
      'created once',
      reader({ blockers: ['CreatedOnce'] }),
      'deny',
      /CreatedOnce never fetches again/,
    ],
    [
      'interval 0',
      reader({ blockers: ['RefreshIntervalZero'] }),
      'deny',
      /refreshInterval 0/,
    ],
    [
      'CES child through its parent',
      reader({
        blockers: ['ClusterExternalSecretChild'],
        via: { kind: 'ClusterExternalSecret', name: 'p' },
      }),
      'allow',
      /all 1/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('no-pushsecret-writer', () => {
  const rule = pushSecretConflictRule();
  it.each<Case>([
    ['no writer', {}, 'allow', /no PushSecret/],
    [
      'a writer',
      {
        plan: rotationPlan({
          clusters: [
            planCluster({
              externalSecrets: [
                planExternalSecret({
                  pushedBy: [{ namespace: 'ledger', name: 'push-key' }],
                }),
              ],
            }),
          ],
        }),
      },
      'deny',
      /prod-eu PushSecret ledger\/push-key write\(s\) this key/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('store-health', () => {
  const unhealthy = {
    plan: rotationPlan({
      clusters: [
        planCluster({ reachable: false }),
        planCluster({
          cluster: 'dev-eu',
          environment: 'dev',
          externalSecrets: [
            planExternalSecret({
              store: {
                cluster: 'dev-eu',
                kind: 'SecretStore',
                namespace: 'payments',
                name: 'vault',
                ready: false,
              },
            }),
          ],
        }),
      ],
      environments: ['prod', 'dev'],
    }),
  };
  it.each<Case>([
    ['healthy', {}, 'allow', /1 cluster\(s\) reachable/],
    [
      'unreachable and not ready',
      unhealthy,
      'deny',
      /cluster prod-eu is unreachable, dev-eu: SecretStore payments\/vault is not Ready/,
    ],
  ])('%s', async (...c) => check(storeHealthGateRule(policyConfig()), [c]));

  it('only warns where the environment says so', async () => {
    const rule = storeHealthGateRule(
      policyConfig({
        environments: {
          prod: { storeHealthGate: 'warn' },
          dev: { storeHealthGate: 'warn' },
        },
      }),
    );
    await check(rule, [['warn', unhealthy, 'warn', /allowed with a warning/]]);
    const mixed = storeHealthGateRule(
      policyConfig({ environments: { dev: { storeHealthGate: 'warn' } } }),
    );
    await check(mixed, [
      ['prod still denies', unhealthy, 'deny', /unreachable/],
    ]);
  });
});

describe('plugin-permissions', () => {
  const rule = preflightPermissionsRule();
  it.each<Case>([
    ['all allowed', {}, 'allow', /1 right\(s\) checked/],
    [
      'a missing right',
      {
        plan: rotationPlan({
          permissions: [
            {
              system: 'kubernetes',
              cluster: 'prod-eu',
              action: 'patch externalsecrets in payments',
              allowed: false,
              reason: 'no RBAC rule',
            },
          ],
        }),
      },
      'deny',
      /the plugin may not prod-eu: patch externalsecrets in payments \(no RBAC rule\)/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('cooldown', () => {
  const rule = cooldownRule(
    policyConfig({
      environments: {
        prod: { cooldownMs: 3_600_000 },
        dev: { cooldownMs: 60_000 },
      },
    }),
  );
  it.each<Case>([
    ['never rotated', {}, 'allow', /never rotated/],
    [
      'rotated long ago',
      { history: { lastFinishedAt: '2026-12-01T08:00:00.000Z' } },
      'allow',
      /last rotated at/,
    ],
    [
      'rotated 10 minutes ago',
      { history: { lastFinishedAt: '2026-12-01T09:50:00.000Z' } },
      'deny',
      /allowed from 2026-12-01T10:50:00.000Z/,
    ],
    [
      'a rollback 10 minutes after the rotation it undoes',
      {
        plan: rotationPlan({ kind: 'rollback' }),
        history: { lastFinishedAt: '2026-12-01T09:50:00.000Z' },
      },
      'allow',
      /rollback is not held by the cooldown/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('freeze-windows', () => {
  // Fridays from 16:00 UTC for 64 h: the weekend freeze
  const weekend = {
    cron: '0 16 * * 5',
    durationMs: 64 * 3_600_000,
    reason: 'weekend freeze',
  };
  const rule = freezeWindowsRule(
    policyConfig({ environments: { prod: { freezeWindows: [weekend] } } }),
  );
  it.each<Case>([
    ['a Tuesday', {}, 'allow', /no freeze window/],
    [
      'a Saturday',
      { now: Date.parse('2026-12-05T12:00:00Z') },
      'deny',
      /prod is frozen \(weekend freeze\) until 2026-12-07T08:00:00.000Z/,
    ],
    [
      'just before it opens',
      { now: Date.parse('2026-12-04T15:59:59Z') },
      'allow',
      /no freeze/,
    ],
    [
      'as it opens',
      { now: Date.parse('2026-12-04T16:00:00Z') },
      'deny',
      /frozen/,
    ],
    [
      'as it closes',
      { now: Date.parse('2026-12-07T08:00:00Z') },
      'allow',
      /no freeze/,
    ],
    [
      'another environment',
      {
        plan: rotationPlan({ environments: ['dev'] }),
        now: Date.parse('2026-12-05T12:00:00Z'),
      },
      'allow',
      /no freeze/,
    ],
  ])('%s', async (...c) => check(rule, [c]));

  it('finds the open window from the cron occurrence before now', () => {
    expect(
      openFreezeWindow(
        '0 * * * *',
        10 * 60_000,
        Date.parse('2026-12-01T10:05:00Z'),
      ),
    ).toEqual({
      openedAt: Date.parse('2026-12-01T10:00:00Z'),
      closesAt: Date.parse('2026-12-01T10:10:00Z'),
    });
    expect(
      openFreezeWindow(
        '0 * * * *',
        10 * 60_000,
        Date.parse('2026-12-01T10:15:00Z'),
      ),
    ).toBeUndefined();
  });
});

describe('blast-radius', () => {
  const rule = blastRadiusRule(
    policyConfig({
      environments: {
        prod: { blastRadius: { maxClusters: 1, maxWorkloads: 1 } },
      },
    }),
  );
  it.each<Case>([
    ['within limits', {}, 'allow', /1 cluster\(s\), 1 workload\(s\)/],
    [
      'too many clusters',
      {
        plan: rotationPlan({
          clusters: [planCluster(), planCluster({ cluster: 'prod-us' })],
        }),
      },
      'deny',
      /2 clusters, more than the 1 allowed in prod/,
    ],
    [
      'too many workloads',
      {
        plan: rotationPlan({
          clusters: [
            planCluster({
              workloads: [
                ...planCluster().workloads,
                ...planCluster().workloads,
              ],
            }),
          ],
        }),
      },
      'deny',
      /2 workloads, more than the 1/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});

describe('rollback-target', () => {
  const rule = rollbackTargetRule();
  const rollback = (
    state: 'available' | 'deleted' | 'destroyed' | 'pruned',
    version = 2,
  ) => ({
    plan: rotationPlan({
      kind: 'rollback',
      rollbackTo: { version, state },
      maxVersions: 5,
    }),
  });
  it.each<Case>([
    ['not a rollback', {}, 'allow', /not a rollback/],
    ['available', rollback('available'), 'allow', /version 2 is available/],
    ['deleted', rollback('deleted'), 'deny', /version 2 is deleted/],
    ['destroyed', rollback('destroyed'), 'deny', /version 2 is destroyed/],
    ['pruned', rollback('pruned'), 'deny', /pruned by max_versions \(5\)/],
    [
      'not older',
      rollback('available', 3),
      'deny',
      /not older than the current version 3/,
    ],
  ])('%s', async (...c) => check(rule, [c]));
});
