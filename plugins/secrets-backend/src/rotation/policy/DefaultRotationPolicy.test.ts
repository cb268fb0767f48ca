import {
  policyConfig,
  policyContext,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import { DefaultRotationPolicy } from './DefaultRotationPolicy';
import { builtinRotationRules } from './rules';
import type { RotationPolicyRule } from './types';

describe('DefaultRotationPolicy', () => {
  it('allows a plan every built-in rule allows, with one verdict per rule in order', async () => {
    const policy = new DefaultRotationPolicy(
      builtinRotationRules(policyConfig()),
    );
    const decision = await policy.evaluate(policyContext());
    expect(decision.allowed).toBe(true);
    expect(decision.verdicts.map(v => [v.ruleId, v.outcome])).toEqual([
      ['tenant-boundary', 'allow'],
      ['reason', 'allow'],
      ['rotator-available', 'allow'],
      ['rollback-target', 'allow'],
      ['propagation-possible', 'allow'],
      ['no-pushsecret-writer', 'allow'],
      ['store-health', 'allow'],
      ['plugin-permissions', 'allow'],
      ['cooldown', 'allow'],
      ['freeze-windows', 'allow'],
      ['blast-radius', 'allow'],
    ]);
  });

  it('runs every rule after a deny, so the dry run shows everything in the way', async () => {
    const policy = new DefaultRotationPolicy(
      builtinRotationRules(policyConfig()),
    );
    const decision = await policy.evaluate(
      policyContext({
        request: { kind: 'rotation', reason: 'x' },
        plan: rotationPlan({
          vault: { ...rotationPlan().vault, path: 'search/es' },
          keys: [],
        }),
      }),
    );
    expect(decision.allowed).toBe(false);
    expect(
      decision.verdicts.filter(v => v.outcome === 'deny').map(v => v.ruleId),
    ).toEqual(['tenant-boundary', 'reason', 'rotator-available']);
  });

  it('treats a rule that throws as a deny naming the failure', async () => {
    const broken: RotationPolicyRule = {
      id: 'example',
      title: 'An extension rule',
      evaluate() {
        throw new Error('catalog unavailable');
      },
    };
    const decision = await new DefaultRotationPolicy([broken]).evaluate(
      policyContext(),
    );
    expect(decision).toEqual({
      allowed: false,
      verdicts: [
        {
          ruleId: 'example',
          title: 'An extension rule',
          outcome: 'deny',
          message: 'the check failed: catalog unavailable',
        },
      ],
    });
  });

  it('lets warnings through but keeps them in the verdicts', async () => {
    const warner: RotationPolicyRule = {
      id: 'w',
      title: 'Warns',
      evaluate: async () => ({ outcome: 'warn', message: 'heads up' }),
    };
    const decision = await new DefaultRotationPolicy([warner]).evaluate(
      policyContext(),
    );
    expect(decision.allowed).toBe(true);
    expect(decision.verdicts[0].outcome).toBe('warn');
  });

  it('refuses two rules with one id', () => {
    const rule: RotationPolicyRule = {
      id: 'same',
      title: 't',
      evaluate: () => ({ outcome: 'allow', message: '' }),
    };
    expect(() => new DefaultRotationPolicy([rule, rule])).toThrow(
      "Two rotation policy rules have the id 'same'",
    );
  });
});
