import type {
  CauseInfo,
  ExternalSecretRow,
} from '@secrets-plugin/plugin-secrets-common';
import { formatClock, formatDuration } from './time';

/**
 * "last seen 3m ago, 12 times" for a current cause; "earlier failure, superseded by a sync at
 * 14:05" for one the backend marked as older than the latest success.
 */
export function describeCauseInfo(
  info: CauseInfo,
  now: number,
  /** The success that superseded it: the row's last sync, or the store's validation. */
  successor?: { what: 'a sync' | 'a store validation'; at?: string },
): string {
  if (info.superseded) {
    const by = successor ?? { what: 'a sync' as const };
    return `earlier failure, superseded by ${by.what}${
      by.at ? ` at ${formatClock(by.at)}` : ''
    }`;
  }
  const parts: string[] = [];
  if (info.lastSeenAt) {
    const seconds = Math.max(0, (now - Date.parse(info.lastSeenAt)) / 1000);
    parts.push(`last seen ${formatDuration(seconds)} ago`);
  }
  if (info.count !== undefined) {
    parts.push(info.count === 1 ? 'once' : `${info.count} times`);
  }
  return parts.join(', ');
}

/** What the backend's "superseded" refers to: the later of the row's sync and its store's validation. */
export function supersededBy(row: ExternalSecretRow): {
  what: 'a sync' | 'a store validation';
  at?: string;
} {
  const seen = row.causeInfo?.lastSeenAt ?? '';
  const synced = row.lastSyncAt && row.lastSyncAt > seen ? row.lastSyncAt : '';
  const validated =
    row.store.health.ready === true &&
    row.store.health.since &&
    row.store.health.since > seen
      ? row.store.health.since
      : '';
  if (validated && (!synced || validated > synced)) {
    return { what: 'a store validation', at: validated };
  }
  return { what: 'a sync', at: synced || undefined };
}
