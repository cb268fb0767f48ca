import type { CauseInfo } from '@secrets-plugin/plugin-secrets-common';
import type {
  ConditionProjection,
  WarningEventProjection,
} from '../cluster/projections';

/**
 * Age and count of a cause shown to users. `supersededBy` are the instants of later successes
 * (the ExternalSecret's `refreshTime`, its store's Ready=True transition): a Warning last seen
 * before one of them is an earlier failure, kept for context.
 */
export function causeInfo(
  warning: WarningEventProjection | undefined,
  condition: ConditionProjection | undefined,
  supersededBy: ReadonlyArray<string | undefined>,
): CauseInfo | undefined {
  if (warning) {
    const last = warning.at ? Date.parse(warning.at) : NaN;
    return {
      source: 'event',
      reason: warning.reason,
      count: warning.count,
      firstSeenAt: warning.firstAt,
      lastSeenAt: warning.at,
      superseded:
        !isNaN(last) &&
        supersededBy.some(s => s !== undefined && last < Date.parse(s)),
    };
  }
  if (!condition) return undefined;
  // the condition is ESO's current verdict: never older than a success it reports
  return {
    source: 'condition',
    reason: condition.reason,
    firstSeenAt: condition.since,
    superseded: false,
  };
}
