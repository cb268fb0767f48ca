import {
  allow,
  deny,
  environmentPolicy,
  listNames,
  warn,
  type RotationPolicyConfig,
  type RotationPolicyRule,
} from '../types';

/**
 * A rotation written while a store is failing or a cluster cannot be seen would land nowhere (or
 * nowhere we can prove). Per environment this denies (default) or warns.
 */
export function storeHealthGateRule(
  config: RotationPolicyConfig,
): RotationPolicyRule {
  return {
    id: 'store-health',
    title: 'Every affected store is Ready and every affected cluster reachable',
    evaluate({ plan, entityOwners }) {
      const problems: Array<{ text: string; gate: 'deny' | 'warn' }> = [];
      for (const c of plan.clusters) {
        const gate =
          environmentPolicy(config, c.environment, entityOwners)
            .storeHealthGate ?? 'deny';
        if (!c.reachable)
          problems.push({ text: `cluster ${c.cluster} is unreachable`, gate });
        const stores = new Map<string, boolean | 'unknown'>();
        for (const es of c.externalSecrets) {
          const s = es.store;
          stores.set(
            `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`,
            s.ready,
          );
        }
        for (const [name, ready] of stores) {
          if (ready !== true)
            problems.push({ text: `${c.cluster}: ${name} is not Ready`, gate });
        }
      }
      if (problems.length === 0)
        return allow(
          `${plan.clusters.length} cluster(s) reachable, every store Ready`,
        );
      const text = listNames(problems.map(p => p.text));
      return problems.some(p => p.gate === 'deny')
        ? deny(text)
        : warn(`${text} (allowed with a warning in this environment)`);
    },
  };
}
