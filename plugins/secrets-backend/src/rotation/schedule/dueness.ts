import type { RotationRow } from '../../database/RotationStore';
import type { RotationSchedule } from './types';

/*
 * When a key is due: pure functions of its schedule, its last rotation and its Vault version, so
 * the scheduler task and the tests share one answer.
 */

/**
 * `secret/payments-api/*` holds `secret/payments-api/db` but not `secret/payments-api/a/b`;
 * a trailing `/**` (or a pattern ending in `/`) holds everything below.
 */
export function matchesSchedulePath(
  pattern: string,
  fullPath: string,
): boolean {
  const p = pattern.replace(/^\/+/, '');
  if (p.endsWith('/') || p.endsWith('/**')) {
    const dir = p.replace(/\*\*$/, '');
    return fullPath.startsWith(dir) && fullPath.length > dir.length;
  }
  const re = new RegExp(
    `^${p
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return re.test(fullPath);
}

/**
 * The schedule of one key: the shortest of its readers' `rotate-every` annotations and the
 * config entries whose path matches `<mount>/<path>`.
 */
export function scheduleFor(
  fullPath: string,
  annotated: Array<{ every: string; everyMs: number }>,
  config: RotationSchedule[],
): RotationSchedule | undefined {
  const all: RotationSchedule[] = [
    ...annotated,
    ...config.filter(s => s.path && matchesSchedulePath(s.path, fullPath)),
  ];
  return all.sort((a, b) => a.everyMs - b.everyMs)[0];
}

/**
 * Due when the newest of "its last rotation ended" and "its current Vault version was written"
 * is `every` old. Any end counts as the last rotation, so a key whose scheduled rotation failed,
 * was denied or expired is tried again a period later, not on every scan (a person can still
 * rotate it by hand); a key whose age nothing tells (KV v1, never rotated) is due.
 */
export function isDue(options: {
  everyMs: number;
  last?: Pick<RotationRow, 'finishedAt'>;
  currentVersionCreatedAt?: string;
  now: number;
}): boolean {
  const times = [
    options.last?.finishedAt ? Date.parse(options.last.finishedAt) : NaN,
    options.currentVersionCreatedAt
      ? Date.parse(options.currentVersionCreatedAt)
      : NaN,
  ].filter(t => Number.isFinite(t));
  if (times.length === 0) return true;
  return options.now - Math.max(...times) >= options.everyMs;
}
