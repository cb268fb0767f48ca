import { allow, deny, type RotationPolicyRule } from '../types';

/**
 * Only keys declared rotatable are regenerated, each by a known rotator; the rest are carried
 * over. With no declaration at all the rotation is refused: the plugin never guesses which of
 * `username`, `host` and `password` may change.
 */
export function rotatorAvailableRule(): RotationPolicyRule {
  return {
    id: 'rotator-available',
    title: 'Every key to regenerate has a rotator',
    evaluate({ plan }) {
      if (plan.kind === 'rollback')
        return allow(
          'a rollback writes an earlier version back; nothing is generated',
        );
      const regenerate = plan.keys.filter(k => k.action === 'regenerate');
      const missing = regenerate
        .filter(k => !k.rotator)
        .map(k => (k.problem ? `${k.name}: ${k.problem}` : k.name));
      if (regenerate.length === 0)
        return deny(
          'no key of this secret is declared rotatable (annotation secrets.backstage.io/rotate or secrets.rotation.rotators)',
        );
      if (missing.length) return deny(`no rotator for ${missing.join(', ')}`);
      const kept = plan.keys
        .filter(k => k.action === 'carry-over')
        .map(k => k.name);
      return allow(
        `regenerates ${regenerate
          .map(k => `${k.name} (${k.rotator})`)
          .join(', ')}${kept.length ? `; keeps ${kept.join(', ')}` : ''}`,
      );
    },
  };
}
