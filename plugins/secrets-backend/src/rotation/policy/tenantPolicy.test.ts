import {
  planCluster,
  policyConfig,
  policyContext,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import { builtinRotationRules } from './rules';
import {
  environmentPolicy,
  tenantOf,
  type RotationPolicyConfig,
  type RotationPolicyContext,
} from './types';

const PAYMENTS = 'group:default/team-payments';
const SEARCH = 'group:default/team-search';
const HOUR = 3_600_000;

/** The platform's settings, and team-payments' own policy over them. */
function config(): RotationPolicyConfig {
  const base = policyConfig({
    environments: {
      default: { cooldownMs: HOUR },
      prod: { cooldownMs: 24 * HOUR, blastRadius: { maxClusters: 5 } },
    },
  });
  base.tenants[0].policy = {
    minReasonLength: 30,
    all: { cooldownMs: 2 * HOUR, storeHealthGate: undefined },
    environments: {
      prod: {
        blastRadius: { maxClusters: 1 },
        storeHealthGate: 'warn',
        freezeWindows: [
          { cron: '0 9 * * *', durationMs: 2 * HOUR, reason: 'payments peak' },
        ],
      },
    },
  };
  return base;
}

describe('environmentPolicy with a tenant policy', () => {
  it("lays the owning tenant's settings over the environment's, the per-environment ones last", () => {
    const c = config();
    expect(environmentPolicy(c, 'prod', [PAYMENTS])).toEqual({
      cooldownMs: 2 * HOUR,
      blastRadius: { maxClusters: 1 },
      storeHealthGate: 'warn',
      freezeWindows: [
        { cron: '0 9 * * *', durationMs: 2 * HOUR, reason: 'payments peak' },
      ],
    });
    // a setting the tenant leaves unset keeps the environment's
    expect(environmentPolicy(c, 'dev', [PAYMENTS])).toEqual({
      cooldownMs: 2 * HOUR,
    });
  });

  it('leaves other tenants, and entities no tenant owns, on the environment settings', () => {
    const c = config();
    expect(environmentPolicy(c, 'prod', [SEARCH])).toEqual({
      cooldownMs: 24 * HOUR,
      blastRadius: { maxClusters: 5 },
    });
    expect(environmentPolicy(c, 'prod', [])).toEqual(
      environmentPolicy(c, 'prod'),
    );
    expect(tenantOf(c, ['group:default/unknown', SEARCH])?.owner).toBe(SEARCH);
  });
});

describe('the built-in rules under a tenant policy', () => {
  const verdicts = async (overrides: Partial<RotationPolicyContext>) => {
    const context = policyContext(overrides);
    const out: Record<string, string> = {};
    for (const rule of builtinRotationRules(config())) {
      const v = await rule.evaluate(context);
      out[rule.id] = `${v.outcome}: ${v.message}`;
    }
    return out;
  };
  // two prod clusters, one of them unreachable, at 10:00 UTC (inside the payments freeze)
  const plan = rotationPlan({
    clusters: [
      planCluster({ cluster: 'prod-eu' }),
      planCluster({ cluster: 'prod-us', reachable: false }),
    ],
  });
  const lastFinishedAt = new Date(
    Date.parse('2026-12-01T10:00:00Z') - 3 * HOUR,
  ).toISOString();

  it("judges team-payments' key by its own policy", async () => {
    const v = await verdicts({ plan, history: { lastFinishedAt } });
    expect(v.reason).toBe('allow: reason given');
    expect(v.cooldown).toMatch(/^allow: last rotated at/);
    expect(v['freeze-windows']).toBe(
      'deny: prod is frozen (payments peak) until 2026-12-01T11:00:00.000Z',
    );
    expect(v['blast-radius']).toBe(
      'deny: 2 clusters, more than the 1 allowed in prod',
    );
    expect(v['store-health']).toBe(
      'warn: cluster prod-us is unreachable (allowed with a warning in this environment)',
    );
  });

  it("judges the same plan for team-search's entity by the environment settings", async () => {
    const v = await verdicts({
      plan,
      history: { lastFinishedAt },
      entityOwners: [SEARCH],
    });
    expect(v.cooldown).toMatch(
      /^deny: last rotated at .*; the next rotation is allowed from 2026-12-02T07:00:00.000Z$/,
    );
    expect(v['freeze-windows']).toBe('allow: no freeze window is open');
    expect(v['blast-radius']).toMatch(/^allow: 2 cluster\(s\)/);
    expect(v['store-health']).toBe('deny: cluster prod-us is unreachable');
  });

  it("applies the tenant's minimum reason length", async () => {
    const short = { kind: 'rotation' as const, reason: 'quarterly rotation' };
    expect(
      (await verdicts({ request: short, plan: rotationPlan() })).reason,
    ).toBe('deny: the reason has 18 characters; at least 30 are required');
    expect(
      (
        await verdicts({
          request: short,
          plan: rotationPlan(),
          entityOwners: [SEARCH],
        })
      ).reason,
    ).toBe('allow: reason given');
  });
});
