import type {
  ConditionProjection,
  WarningEventProjection,
} from '../cluster/projections';

/** ESO v2.9's per-item rate limiter (pkg/controllers/common/common.go): 1 s · 2^failures, at most 7 min. */
const BASE_DELAY_MS = 1000;
export const MAX_BACKOFF_MS = 7 * 60_000;

/**
 * When ESO will next retry an object that is failing, estimated from its latest Warning Event:
 * after its n-th failure in a row ESO waits min(1 s · 2^(n-1), 7 min), and each failure is one
 * more `count` on the same Event (same reason and message). So the estimate is
 * `lastSeen + min(1 s · 2^(count-1), 7 min)` when the Event began within the current failure
 * streak (first seen at or after the Ready=False transition). An older Event also counts failures
 * of earlier streaks, which ESO forgot on success; then n is taken from the streak's length, as
 * the delays double: the n-th failure comes 2^(n-1) - 1 s after the first, so the next delay is
 * `lastSeen - streakStart + 1 s` (same cap). Not modelled: the global token bucket (10/s, burst
 * 100, only matters for fleets of failures) and a controller restart, which forgets failures.
 * Undefined when the Event has no time.
 */
export function nextBackoffRetry(
  warning: WarningEventProjection | undefined,
  ready: ConditionProjection | undefined,
): number | undefined {
  const last = warning?.at ? Date.parse(warning.at) : NaN;
  if (!warning || isNaN(last)) return undefined;
  const first = warning.firstAt ? Date.parse(warning.firstAt) : NaN;
  const failingSince =
    ready?.status === 'False' && ready.since ? Date.parse(ready.since) : NaN;
  let delay: number;
  if (isNaN(failingSince) || (!isNaN(first) && first >= failingSince)) {
    delay = BASE_DELAY_MS * 2 ** Math.min((warning.count ?? 1) - 1, 30);
  } else {
    delay = Math.max(0, last - failingSince) + BASE_DELAY_MS;
  }
  return last + Math.min(delay, MAX_BACKOFF_MS);
}
