import { allow, deny, listNames, type RotationPolicyRule } from '../types';

/**
 * The plugin's own rights (Vault capabilities on the key, Kubernetes access reviews on every object
 * it will patch), checked before anything is written, so a rotation never stops half-way on a 403.
 */
export function preflightPermissionsRule(): RotationPolicyRule {
  return {
    id: 'plugin-permissions',
    title: 'The plugin may write the key and patch every affected object',
    evaluate({ plan }) {
      const missing = plan.permissions.filter(p => !p.allowed);
      if (missing.length === 0)
        return allow(`${plan.permissions.length} right(s) checked`);
      return deny(
        `the plugin may not ${listNames(
          missing.map(
            p =>
              `${p.cluster ? `${p.cluster}: ` : ''}${p.action}${
                p.reason ? ` (${p.reason})` : ''
              }`,
          ),
        )}`,
      );
    },
  };
}
