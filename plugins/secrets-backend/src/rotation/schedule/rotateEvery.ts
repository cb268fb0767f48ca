import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** On an ExternalSecret: rotate the Vault key it reads at least this often, e.g. `30d`. */
export const ROTATE_EVERY_ANNOTATION = 'secrets.backstage.io/rotate-every';

/**
 * The annotation's interval in ms, in the syntax config durations take (`30d`, `12h`,
 * `P30D`); undefined when it is not one, or not longer than 0, so a typo never rotates.
 */
export function parseEvery(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const ms = durationToMilliseconds(
      readDurationFromConfig(new ConfigReader({ every: value.trim() }), {
        key: 'every',
      }),
    );
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}
