import { allow, deny, type RotationPolicyRule } from '../types';

/** A reason of a minimum length, so the history says why and not just "x". */
export function reasonRequiredRule(minLength: number): RotationPolicyRule {
  return {
    id: 'reason',
    title: `A reason of at least ${minLength} characters`,
    evaluate({ request }) {
      const length = request.reason.trim().length;
      return length >= minLength
        ? allow('reason given')
        : deny(
            `the reason has ${length} characters; at least ${minLength} are required`,
          );
    },
  };
}
