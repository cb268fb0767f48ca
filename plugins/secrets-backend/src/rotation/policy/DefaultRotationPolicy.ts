import type { PolicyVerdict } from '@secrets-plugin/plugin-secrets-common';
import type { RotationPolicyContext, RotationPolicyRule } from './types';

export interface RotationPolicyDecision {
  verdicts: PolicyVerdict[];
  /** No verdict denies. */
  allowed: boolean;
}

/**
 * Runs every rule on the same context, built-in ones first, then those added by backend modules.
 * Every rule runs even after a deny, so the dry run shows all that stands in the way at once. A
 * rule that throws denies: a broken check must never let a rotation through.
 */
export class DefaultRotationPolicy {
  constructor(private readonly rules: RotationPolicyRule[]) {
    const ids = new Set<string>();
    for (const rule of rules) {
      if (ids.has(rule.id))
        throw new Error(`Two rotation policy rules have the id '${rule.id}'`);
      ids.add(rule.id);
    }
  }

  async evaluate(
    context: RotationPolicyContext,
  ): Promise<RotationPolicyDecision> {
    const verdicts = await Promise.all(
      this.rules.map(async (rule): Promise<PolicyVerdict> => {
        try {
          const v = await rule.evaluate(context);
          return { ruleId: rule.id, title: rule.title, ...v };
        } catch (error) {
          return {
            ruleId: rule.id,
            title: rule.title,
            outcome: 'deny',
            message: `the check failed: ${(error as Error).message}`,
          };
        }
      }),
    );
    return { verdicts, allowed: verdicts.every(v => v.outcome !== 'deny') };
  }
}
