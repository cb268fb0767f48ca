import type {
  TakesEffect,
  TakesEffectReason,
} from '@secrets-plugin/plugin-secrets-common';
import { formatRelative } from './time';

/** What the "Takes effect" cell says: a short label and a sentence for its tooltip. */
export interface TakesEffectText {
  label: string;
  detail: string;
}

/** `past`: the instant has passed (ESO is about to act, or is late): never "next … ago". */
type Wording = (relative: string | undefined, past: boolean) => TakesEffectText;

/**
 * One wording per reason the backend decides (`ExternalSecretRow.takesEffect`). The browser only
 * words it: when ESO will fetch again is decided by one function on the backend.
 */
const wording: Record<TakesEffectReason, Wording> = {
  'next-refresh': (at, past) => ({
    label: at ? `refresh ${past ? 'due ' : ''}${at}` : 'at the next refresh',
    detail:
      "A change in Vault reaches the Secret at ESO's next scheduled refresh.",
  }),
  overdue: at => ({
    label: at ? `overdue, due ${at}` : 'refresh overdue',
    detail:
      'The scheduled refresh is due and ESO has not run it: its controller may be down or overloaded.',
  }),
  'retry-backoff': (at, past) => ({
    label: at ? `retry ${past ? 'due ' : ''}${at}` : 'retrying (backoff)',
    detail:
      'The last sync failed: ESO retries with exponential backoff, so a change lands at the next successful retry.',
  }),
  'waits-for-store': () => ({
    label: 'waits for its store',
    detail:
      'The store is not ready: ESO does not fetch until it validates, and is not woken when it does. Revalidate the store to resume.',
  }),
  'on-change': () => ({
    label: 'only on a change',
    detail:
      'refreshPolicy OnChange: ESO fetches again only when the ExternalSecret itself changes (or is force-synced).',
  }),
  'created-once': () => ({
    label: 'never (CreatedOnce)',
    detail:
      'refreshPolicy CreatedOnce: once the target Secret exists, ESO never fetches again.',
  }),
  'refresh-disabled': () => ({
    label: 'never (interval 0)',
    detail: 'refreshInterval 0: ESO never refreshes on its own.',
  }),
  'pinned-version': () => ({
    label: 'never (pinned version)',
    detail:
      'The ExternalSecret reads a pinned Vault version: a new version is never picked up until the pin changes.',
  }),
  'not-reconciled': () => ({
    label: 'not reconciled yet',
    detail:
      'ESO has not reconciled this ExternalSecret yet and reports no failure.',
  }),
};

/** The label and tooltip of a row's `takesEffect`; relative times are taken against `now`. */
export function describeTakesEffect(
  takesEffect: TakesEffect,
  now: number,
): TakesEffectText {
  const relative = takesEffect.at
    ? formatRelative(takesEffect.at, now)
    : undefined;
  const past = takesEffect.at ? Date.parse(takesEffect.at) <= now : false;
  const text = wording[takesEffect.reason](relative, past);
  const detail = takesEffect.forceSyncHelps
    ? `${text.detail} A force-sync applies it now.`
    : text.detail;
  return { label: text.label, detail };
}
