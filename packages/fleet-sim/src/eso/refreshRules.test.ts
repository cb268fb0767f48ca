import { resourceVersionOf } from './hashes';
import {
  isSecretValid,
  pushSecretShouldRefresh,
  requeueAfterMs,
  shouldEnqueueExternalSecretUpdate,
  shouldRefresh,
} from './refreshRules';
import { secretDataHash } from './hashes';
import type { ExternalSecret } from './types';

const NOW = Date.parse('2026-08-08T10:30:00Z');
const SYNCED_AT = '2026-08-08T10:00:00Z';

function es(
  spec: Partial<ExternalSecret['spec']>,
  annotations: Record<string, string> = {},
): ExternalSecret {
  const metadata = {
    name: 'db',
    namespace: 'payments',
    generation: 2,
    annotations,
  };
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata,
    spec: { refreshInterval: '1h0m0s', ...spec },
    status: {
      refreshTime: SYNCED_AT,
      syncedResourceVersion: resourceVersionOf(metadata),
    },
  };
}

function bumped(obj: ExternalSecret): ExternalSecret {
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { 'force-sync': '1754650000' } },
  };
}

describe('shouldRefresh', () => {
  it('Periodic: not due inside the interval, due after it', () => {
    expect(shouldRefresh(es({}), NOW)).toBe(false);
    expect(shouldRefresh(es({}), Date.parse('2026-08-08T11:00:01Z'))).toBe(
      true,
    );
  });

  it.each([
    ['Periodic (default)', {}, true],
    ['Periodic', { refreshPolicy: 'Periodic' as const }, true],
    ['OnChange', { refreshPolicy: 'OnChange' as const }, true],
    ['CreatedOnce', { refreshPolicy: 'CreatedOnce' as const }, false],
    ['Periodic with refreshInterval 0', { refreshInterval: '0s' }, false],
    [
      'OnChange with refreshInterval 0',
      { refreshPolicy: 'OnChange' as const, refreshInterval: '0s' },
      true,
    ],
  ])(
    'force-sync annotation under %s refreshes: %s',
    (_name, spec, expected) => {
      const synced = es(spec);
      expect(shouldRefresh(synced, NOW)).toBe(false);
      expect(shouldRefresh(bumped(synced), NOW)).toBe(expected);
    },
  );

  it('refreshes a never-synced object under every policy', () => {
    for (const refreshPolicy of [
      'Periodic',
      'OnChange',
      'CreatedOnce',
    ] as const) {
      const fresh = {
        ...es({ refreshPolicy, refreshInterval: '0s' }),
        status: undefined,
      };
      expect(shouldRefresh(fresh, NOW)).toBe(true);
    }
  });

  it('OnChange does not poll', () => {
    expect(
      shouldRefresh(
        es({ refreshPolicy: 'OnChange' }),
        Date.parse('2026-08-09T10:00:00Z'),
      ),
    ).toBe(false);
  });
});

describe('requeueAfterMs', () => {
  it('requeues at interval minus time since refreshTime, never for interval 0', () => {
    expect(requeueAfterMs(es({}), NOW)).toBe(30 * 60_000);
    expect(requeueAfterMs(es({ refreshInterval: '0s' }), NOW)).toBeUndefined();
    expect(requeueAfterMs(es({ refreshInterval: '10m' }), NOW)).toBe(0);
  });
});

describe('isSecretValid', () => {
  const data = { password: Buffer.from('s3cret').toString('base64') };
  const secret = (labels: Record<string, string>, hash: string) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      labels,
      annotations: { 'reconcile.external-secrets.io/data-hash': hash },
    },
    data,
  });
  const managed = { 'reconcile.external-secrets.io/managed': 'true' };

  it('needs the Secret, the managed label and a matching data-hash', () => {
    expect(isSecretValid(secret(managed, secretDataHash(data)), es({}))).toBe(
      true,
    );
    expect(isSecretValid(undefined, es({}))).toBe(false);
    expect(isSecretValid(secret({}, secretDataHash(data)), es({}))).toBe(false);
    expect(isSecretValid(secret(managed, 'stale'), es({}))).toBe(false);
  });

  it('always holds for creationPolicy Orphan', () => {
    expect(
      isSecretValid(undefined, es({ target: { creationPolicy: 'Orphan' } })),
    ).toBe(true);
  });
});

describe('update predicates', () => {
  it('ignores status-only updates and reacts to metadata and spec changes', () => {
    const a = es({});
    expect(
      shouldEnqueueExternalSecretUpdate(a, {
        ...a,
        status: { refreshTime: NOW.toString() },
      }),
    ).toBe(false);
    expect(shouldEnqueueExternalSecretUpdate(a, bumped(a))).toBe(true);
    expect(
      shouldEnqueueExternalSecretUpdate(a, {
        ...a,
        metadata: { ...a.metadata, generation: 3 },
      }),
    ).toBe(true);
    expect(
      shouldEnqueueExternalSecretUpdate(a, {
        ...a,
        metadata: { ...a.metadata, finalizers: ['x'] },
      }),
    ).toBe(true);
  });

  it('PushSecret refreshes on a bump even with refreshInterval 0', () => {
    const ps = es({ refreshInterval: '0s' });
    expect(pushSecretShouldRefresh(ps, NOW)).toBe(false);
    expect(pushSecretShouldRefresh(bumped(ps), NOW)).toBe(true);
  });
});
