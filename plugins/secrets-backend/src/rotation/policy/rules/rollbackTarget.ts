import { allow, deny, type RotationPolicyRule } from '../types';

/** A rollback writes an earlier version's data again: that version must still be readable. */
export function rollbackTargetRule(): RotationPolicyRule {
  return {
    id: 'rollback-target',
    title: 'The version to roll back to is still available',
    evaluate({ plan }) {
      if (plan.kind !== 'rollback') return allow('not a rollback');
      const target = plan.rollbackTo;
      if (!target) return deny('no version to roll back to was named');
      if (
        plan.currentVersion !== undefined &&
        target.version >= plan.currentVersion
      )
        return deny(
          `version ${target.version} is not older than the current version ${plan.currentVersion}`,
        );
      switch (target.state) {
        case 'available':
          return allow(`version ${target.version} is available`);
        case 'pruned':
          return deny(
            `version ${target.version} was pruned by max_versions${
              plan.maxVersions ? ` (${plan.maxVersions})` : ''
            }`,
          );
        default:
          return deny(`version ${target.version} is ${target.state}`);
      }
    },
  };
}
