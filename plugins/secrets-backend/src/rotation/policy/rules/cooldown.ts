import {
  allow,
  deny,
  environmentPolicy,
  type RotationPolicyConfig,
  type RotationPolicyRule,
} from '../types';

/**
 * The strictest cooldown of the environments the key reaches applies. A rollback is not held by
 * it: the cooldown keeps keys from churning, and holding back the undo of a bad rotation would
 * keep the bad version live for the whole cooldown.
 */
export function cooldownRule(config: RotationPolicyConfig): RotationPolicyRule {
  return {
    id: 'cooldown',
    title: 'Enough time has passed since the last rotation of the key',
    evaluate({ plan, history, now, entityOwners }) {
      const envs = plan.environments.length ? plan.environments : [undefined];
      const cooldownMs = Math.max(
        0,
        ...envs.map(
          e => environmentPolicy(config, e, entityOwners).cooldownMs ?? 0,
        ),
      );
      if (!history.lastFinishedAt)
        return allow('the key was never rotated through the plugin');
      const readyAt = Date.parse(history.lastFinishedAt) + cooldownMs;
      if (plan.kind === 'rollback')
        return allow(
          `a rollback is not held by the cooldown (last rotated at ${history.lastFinishedAt})`,
        );
      return now < readyAt
        ? deny(
            `last rotated at ${
              history.lastFinishedAt
            }; the next rotation is allowed from ${new Date(
              readyAt,
            ).toISOString()}`,
          )
        : allow(`last rotated at ${history.lastFinishedAt}`);
    },
  };
}
