import { projectExternalSecret } from '../../cluster/projections';
import { isDue, matchesSchedulePath, scheduleFor } from './dueness';
import { parseEvery, ROTATE_EVERY_ANNOTATION } from './rotateEvery';

const DAY = 86_400_000;
const now = Date.parse('2026-12-31T00:00:00Z');

describe('isDue', () => {
  it('is due once the newest of last rotation and current version is `every` old', () => {
    const base = { everyMs: 30 * DAY, now };
    expect(
      isDue({ ...base, currentVersionCreatedAt: '2026-12-01T00:00:00Z' }),
    ).toBe(true);
    expect(
      isDue({ ...base, currentVersionCreatedAt: '2026-12-01T00:00:01Z' }),
    ).toBe(false);
    // a rotation that ended later (even a failed one) restarts the clock
    expect(
      isDue({
        ...base,
        currentVersionCreatedAt: '2026-11-01T00:00:00Z',
        last: { finishedAt: '2026-12-15T00:00:00Z' },
      }),
    ).toBe(false);
    // someone wrote a new version by hand after the last rotation: that counts too
    expect(
      isDue({
        ...base,
        currentVersionCreatedAt: '2026-12-20T00:00:00Z',
        last: { finishedAt: '2026-10-01T00:00:00Z' },
      }),
    ).toBe(false);
  });

  it('a key whose age nothing tells (KV v1, never rotated) is due', () => {
    expect(isDue({ everyMs: DAY, now })).toBe(true);
  });
});

describe('schedules', () => {
  it('matches `*` within one path segment, a trailing `/` or `/**` below', () => {
    expect(
      matchesSchedulePath('secret/payments-api/*', 'secret/payments-api/db'),
    ).toBe(true);
    expect(
      matchesSchedulePath('secret/payments-api/*', 'secret/payments-api/a/b'),
    ).toBe(false);
    expect(
      matchesSchedulePath('secret/payments-api/*', 'secret/payments-apix/db'),
    ).toBe(false);
    expect(
      matchesSchedulePath('secret/payments-api/', 'secret/payments-api/a/b'),
    ).toBe(true);
    expect(
      matchesSchedulePath('secret/payments-api/**', 'secret/payments-api/a/b'),
    ).toBe(true);
    expect(
      matchesSchedulePath('secret/payments-api/db', 'secret/payments-api/db'),
    ).toBe(true);
    expect(
      matchesSchedulePath('secret/pay.ments/*', 'secret/payXments/db'),
    ).toBe(false);
  });

  it('the shortest of the annotations and matching config entries wins', () => {
    const config = [
      { path: 'secret/payments-api/*', every: '30d', everyMs: 30 * DAY },
      { path: 'secret/other/*', every: '1d', everyMs: DAY },
    ];
    expect(scheduleFor('secret/payments-api/db', [], config)).toEqual(
      config[0],
    );
    expect(
      scheduleFor(
        'secret/payments-api/db',
        [{ every: '7d', everyMs: 7 * DAY }],
        config,
      ),
    ).toEqual({ every: '7d', everyMs: 7 * DAY });
    expect(scheduleFor('secret/search/key', [], config)).toBeUndefined();
  });

  it('reads the annotation as a config duration; a typo schedules nothing', () => {
    expect(parseEvery('30d')).toBe(30 * DAY);
    expect(parseEvery(' 12h ')).toBe(DAY / 2);
    expect(parseEvery('P7D')).toBe(7 * DAY);
    expect(parseEvery('soon')).toBeUndefined();
    expect(parseEvery('0s')).toBeUndefined();
    expect(parseEvery(undefined)).toBeUndefined();
  });

  it('the projection keeps rotate-every only when present', () => {
    const raw = (annotations?: Record<string, string>) => ({
      metadata: { namespace: 'payments', name: 'db', annotations },
      spec: { secretStoreRef: { name: 'vault' }, data: [] },
    });
    expect(
      projectExternalSecret(raw({ [ROTATE_EVERY_ANNOTATION]: '30d' }))
        .rotateEvery,
    ).toBe('30d');
    expect('rotateEvery' in projectExternalSecret(raw())).toBe(false);
  });
});
