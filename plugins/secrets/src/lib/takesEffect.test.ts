import type { TakesEffectReason } from '@secrets-plugin/plugin-secrets-common';
import { describeTakesEffect } from './takesEffect';

const now = Date.parse('2026-01-01T12:00:00Z');
const in5m = '2026-01-01T12:05:00Z';
const ago10m = '2026-01-01T11:50:00Z';

describe('describeTakesEffect', () => {
  it.each<[TakesEffectReason, string | undefined, string, RegExp]>([
    ['next-refresh', in5m, 'refresh in 5m', /next scheduled refresh/],
    ['overdue', ago10m, 'overdue, due 10m ago', /controller may be down/],
    ['retry-backoff', in5m, 'retry in 5m', /exponential backoff/],
    [
      'waits-for-store',
      undefined,
      'waits for its store',
      /Revalidate the store/,
    ],
    ['on-change', undefined, 'only on a change', /refreshPolicy OnChange/],
    ['created-once', undefined, 'never (CreatedOnce)', /never fetches again/],
    ['refresh-disabled', undefined, 'never (interval 0)', /refreshInterval 0/],
    [
      'pinned-version',
      undefined,
      'never (pinned version)',
      /pinned Vault version/,
    ],
    ['not-reconciled', undefined, 'not reconciled yet', /has not reconciled/],
  ])('words %s', (reason, at, label, detail) => {
    const text = describeTakesEffect(
      { reason, at, forceSyncHelps: false },
      now,
    );
    expect(text.label).toBe(label);
    expect(text.detail).toMatch(detail);
    expect(text.detail).not.toMatch(/force-sync applies/);
  });

  it('never promises a time in the past as "takes effect"', () => {
    // the old column said "takes effect by ~11:50" for a stuck row; overdue says it is late
    expect(
      describeTakesEffect(
        { reason: 'overdue', at: ago10m, forceSyncHelps: true },
        now,
      ).label,
    ).not.toMatch(/takes effect|in /);
  });

  it('says a retry or refresh is due rather than "next … ago" once its time has passed', () => {
    expect(
      describeTakesEffect(
        { reason: 'retry-backoff', at: ago10m, forceSyncHelps: true },
        now,
      ).label,
    ).toBe('retry due 10m ago');
    expect(
      describeTakesEffect(
        { reason: 'next-refresh', at: ago10m, forceSyncHelps: true },
        now,
      ).label,
    ).toBe('refresh due 10m ago');
  });

  it('words times the backend could not estimate', () => {
    expect(
      describeTakesEffect(
        { reason: 'retry-backoff', forceSyncHelps: true },
        now,
      ),
    ).toEqual({
      label: 'retrying (backoff)',
      detail: expect.stringMatching(/A force-sync applies it now\.$/),
    });
    expect(
      describeTakesEffect(
        { reason: 'next-refresh', forceSyncHelps: false },
        now,
      ).label,
    ).toBe('at the next refresh');
  });
});
