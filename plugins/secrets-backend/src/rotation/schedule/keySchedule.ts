import { scheduleFor } from './dueness';
import { parseEvery } from './rotateEvery';
import type { RotationSchedule } from './types';

/**
 * The schedule of one key from its readers' `rotate-every` annotations (as the cache projects
 * them) and the configured schedules: the one rule the scheduler rotates by and the Secrets tab
 * and fleet page show. A reader whose annotation is not a duration does not count.
 */
export function keySchedule(
  fullPath: string,
  readersRotateEvery: Array<string | undefined>,
  config: RotationSchedule[],
): RotationSchedule | undefined {
  const annotated = readersRotateEvery.flatMap(every => {
    const everyMs = parseEvery(every);
    return everyMs ? [{ every: every!.trim(), everyMs }] : [];
  });
  return scheduleFor(fullPath, annotated, config);
}
