import { allow, deny, listNames, type RotationPolicyRule } from '../types';

/** A PushSecret that writes the same Vault key would overwrite the rotated value. */
export function pushSecretConflictRule(): RotationPolicyRule {
  return {
    id: 'no-pushsecret-writer',
    title: 'No PushSecret writes the same Vault key',
    evaluate({ plan }) {
      const writers = new Set<string>();
      for (const c of plan.clusters)
        for (const es of c.externalSecrets)
          for (const p of es.pushedBy)
            writers.add(`${c.cluster} PushSecret ${p.namespace}/${p.name}`);
      return writers.size
        ? deny(
            `${listNames([
              ...writers,
            ])} write(s) this key and would overwrite the rotation`,
          )
        : allow('no PushSecret writes this key');
    },
  };
}
