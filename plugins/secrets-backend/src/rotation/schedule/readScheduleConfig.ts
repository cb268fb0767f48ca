import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { RotationSchedule } from './types';

/** `secrets.rotation.schedules`. */
export function readScheduleConfig(
  rotation: Config | undefined,
): RotationSchedule[] {
  return (rotation?.getOptionalConfigArray('schedules') ?? []).map((s, i) => {
    const path = s.getString('path').replace(/^\/+/, '');
    const everyMs = durationToMilliseconds(
      readDurationFromConfig(s, { key: 'every' }),
    );
    if (!(everyMs > 0))
      throw new Error(
        `Invalid config at secrets.rotation.schedules[${i}].every: must be longer than 0`,
      );
    const raw = s.getOptional('every');
    return {
      path,
      everyMs,
      every: typeof raw === 'string' ? raw : `${Math.round(everyMs / 1000)}s`,
    };
  });
}
