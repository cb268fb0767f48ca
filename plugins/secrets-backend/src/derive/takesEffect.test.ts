import type { StoreHealth } from '@secrets-plugin/plugin-secrets-common';
import type {
  ExternalSecretProjection,
  WarningEventProjection,
} from '../cluster/projections';
import { forceSyncBlockers } from './forceSyncBlockers';
import {
  OVERDUE_GRACE_MS,
  overdueAfter,
  takesEffect,
  takesEffectAsOf,
  type TakesEffectInput,
} from './takesEffect';

const SYNCED_AT = '2026-01-01T12:00:00Z';
const READY: StoreHealth = { ready: true, reason: 'Valid' };
const DOWN: StoreHealth = { ready: false, reason: 'InvalidProviderConfig' };

const es = (over: Partial<ExternalSecretProjection> = {}) =>
  ({
    namespace: 'ns',
    name: 'es',
    labels: {},
    storeRef: { kind: 'ClusterSecretStore', name: 'vault' },
    refreshInterval: '1h0m0s',
    refreshPolicy: 'Periodic',
    targetName: 'es',
    vaultRefs: [{ key: 'app/db' }],
    ready: { status: 'True', reason: 'SecretSynced' },
    refreshTime: SYNCED_AT,
    ...over,
  } as ExternalSecretProjection);

const failing = (since: string) => ({
  ready: { status: 'False', reason: 'SecretSyncedError', since },
});

const warning = (
  at: string,
  count: number,
  firstAt = at,
): WarningEventProjection => ({
  objectKey: 'x',
  reason: 'UpdateFailed',
  message: 'boom',
  at,
  firstAt,
  count,
});

function decide(
  e: ExternalSecretProjection,
  rest: Partial<TakesEffectInput> = {},
) {
  return takesEffect({
    es: e,
    status: 'Synced',
    storeHealth: READY,
    blockers: forceSyncBlockers(e, 'new-version'),
    ...rest,
  });
}

describe('takesEffect', () => {
  it.each<
    [string, ExternalSecretProjection, Partial<TakesEffectInput>, object]
  >([
    [
      'next-refresh: periodic and healthy, an interval after the last sync',
      es(),
      {},
      {
        reason: 'next-refresh',
        at: '2026-01-01T13:00:00.000Z',
        forceSyncHelps: true,
      },
    ],
    [
      'pinned-version: never picks up a new version, even when failing',
      es({ vaultRefs: [{ key: 'app/db', version: '3' }] }),
      { status: 'Error' },
      { reason: 'pinned-version', forceSyncHelps: false },
    ],
    [
      'created-once: never again once synced',
      es({ refreshPolicy: 'CreatedOnce' }),
      {},
      { reason: 'created-once', forceSyncHelps: false },
    ],
    [
      'on-change: only when the ExternalSecret changes (a bump works)',
      es({ refreshPolicy: 'OnChange' }),
      {},
      { reason: 'on-change', forceSyncHelps: true },
    ],
    [
      'refresh-disabled: refreshInterval 0',
      es({ refreshInterval: '0s' }),
      {},
      { reason: 'refresh-disabled', forceSyncHelps: false },
    ],
    [
      'not-reconciled: no condition and no failure yet',
      es({ ready: undefined, refreshTime: undefined }),
      { status: 'Pending' },
      { reason: 'not-reconciled', forceSyncHelps: true },
    ],
    [
      // 5th failure in a row: ESO waits 2^4 s
      'retry-backoff: failing with a healthy store, at lastSeen + 2^(count-1) s',
      es(failing('2026-01-01T12:10:00Z')),
      {
        status: 'Error',
        warning: warning('2026-01-01T12:10:15Z', 5, '2026-01-01T12:10:00Z'),
      },
      {
        reason: 'retry-backoff',
        at: '2026-01-01T12:10:31.000Z',
        forceSyncHelps: true,
      },
    ],
    [
      'retry-backoff: capped at 7 minutes',
      es(failing('2026-01-01T10:00:00Z')),
      {
        status: 'Error',
        warning: warning('2026-01-01T12:00:00Z', 40, '2026-01-01T10:00:00Z'),
      },
      {
        reason: 'retry-backoff',
        at: '2026-01-01T12:07:00.000Z',
        forceSyncHelps: true,
      },
    ],
    [
      'retry-backoff: a flood-gate failure whose store is Ready again waits for its own backoff',
      es(failing('2026-01-01T12:00:00Z')),
      {
        status: 'StoreNotReady',
        warning: warning('2026-01-01T12:00:00Z', 1),
      },
      {
        reason: 'retry-backoff',
        at: '2026-01-01T12:00:01.000Z',
        forceSyncHelps: true,
      },
    ],
    [
      'waits-for-store: at the store’s next validation',
      es(failing('2026-01-01T12:00:00Z')),
      {
        status: 'StoreNotReady',
        storeHealth: DOWN,
        store: {
          kind: 'ClusterSecretStore',
          name: 'vault',
          ready: {
            status: 'False',
            reason: 'InvalidProviderConfig',
            since: '2026-01-01T11:00:00Z',
          },
        },
        storeWarning: warning(
          '2026-01-01T11:58:00Z',
          30,
          '2026-01-01T11:00:00Z',
        ),
      },
      {
        reason: 'waits-for-store',
        at: '2026-01-01T12:05:00.000Z',
        forceSyncHelps: true,
      },
    ],
    [
      'retry-backoff without a time when ESO left no Event',
      es(failing('2026-01-01T12:00:00Z')),
      { status: 'Error' },
      { reason: 'retry-backoff', forceSyncHelps: true },
    ],
  ])('%s', (_, e, rest, expected) => {
    expect(decide(e, rest)).toEqual(expected);
  });

  it('counts the streak by its length when the Event also counts an earlier streak', () => {
    // the same message 50 times in an earlier outage, then again since 12:00:00: ESO forgot
    // those on success, so the next delay is (12:00:07 - 12:00:00) + 1 s, not 7 minutes
    const te = decide(es(failing('2026-01-01T12:00:00Z')), {
      status: 'Error',
      warning: warning('2026-01-01T12:00:07Z', 54, '2026-01-01T09:00:00Z'),
    });
    expect(te.at).toBe('2026-01-01T12:00:15.000Z');
  });

  it('is the same object for rows with the same timeless verdict', () => {
    const a = decide(es({ refreshPolicy: 'OnChange' }));
    expect(decide(es({ name: 'other', refreshPolicy: 'OnChange' }))).toBe(a);
    // synced in the same second with the same interval: the same promise
    expect(decide(es({ name: 'other' }))).toBe(decide(es()));
    expect(decide(es({ refreshTime: '2026-01-01T12:00:01Z' }))).not.toBe(
      decide(es()),
    );
  });
});

describe('takesEffectAsOf', () => {
  const next = decide(es());
  const due = Date.parse('2026-01-01T13:00:00Z');

  it('keeps a promise until its time plus the grace, then says overdue', () => {
    expect(overdueAfter(next)).toBe(due + OVERDUE_GRACE_MS);
    expect(takesEffectAsOf(next, due + OVERDUE_GRACE_MS)).toBe(next);
    expect(takesEffectAsOf(next, due + OVERDUE_GRACE_MS + 1)).toEqual({
      reason: 'overdue',
      at: '2026-01-01T13:00:00.000Z',
      forceSyncHelps: true,
    });
  });

  it('never changes a verdict without an instant', () => {
    const once = decide(es({ refreshPolicy: 'CreatedOnce' }));
    expect(overdueAfter(once)).toBe(Infinity);
    expect(takesEffectAsOf(once, Date.parse('2100-01-01T00:00:00Z'))).toBe(
      once,
    );
  });
});
