import {
  allow,
  deny,
  tenantOf,
  type RotationPolicyConfig,
  type RotationPolicyRule,
} from '../types';

/**
 * A reason of a minimum length, so the history says why and not just "x"; a tenant's policy may
 * set its own minimum.
 */
export function reasonRequiredRule(
  config: number | Pick<RotationPolicyConfig, 'minReasonLength' | 'tenants'>,
): RotationPolicyRule {
  const { minReasonLength, tenants } =
    typeof config === 'number'
      ? { minReasonLength: config, tenants: [] }
      : config;
  return {
    id: 'reason',
    title: `A reason of at least ${minReasonLength} characters`,
    evaluate({ request, entityOwners }) {
      const minLength =
        tenantOf({ tenants }, entityOwners)?.policy?.minReasonLength ??
        minReasonLength;
      const length = request.reason.trim().length;
      return length >= minLength
        ? allow('reason given')
        : deny(
            `the reason has ${length} characters; at least ${minLength} are required`,
          );
    },
  };
}
