import { CronTime } from 'cron';
import {
  allow,
  deny,
  environmentPolicy,
  type RotationPolicyConfig,
  type RotationPolicyRule,
} from '../types';

/**
 * The window open at `now`, if any: a window opens at each cron occurrence (UTC) and lasts
 * `durationMs`, so `now` is inside one exactly when an occurrence falls in (now - duration, now].
 */
export function openFreezeWindow(
  cron: string,
  durationMs: number,
  now: number,
): { openedAt: number; closesAt: number } | undefined {
  const next = new CronTime(cron, 'UTC')
    .getNextDateFrom(new Date(now - durationMs), 'UTC')
    .toMillis();
  return next <= now
    ? { openedAt: next, closesAt: next + durationMs }
    : undefined;
}

/** No rotation of a key while any of its environments is frozen (release freezes, peak hours). */
export function freezeWindowsRule(
  config: RotationPolicyConfig,
): RotationPolicyRule {
  return {
    id: 'freeze-windows',
    title: 'No freeze window is open in an affected environment',
    evaluate({ plan, now, entityOwners }) {
      const envs = plan.environments.length ? plan.environments : [undefined];
      for (const env of envs) {
        for (const w of environmentPolicy(config, env, entityOwners)
          .freezeWindows ?? []) {
          const open = openFreezeWindow(w.cron, w.durationMs, now);
          if (open)
            return deny(
              `${env ?? 'default'} is frozen (${
                w.reason ?? w.cron
              }) until ${new Date(open.closesAt).toISOString()}`,
            );
        }
      }
      return allow('no freeze window is open');
    },
  };
}
