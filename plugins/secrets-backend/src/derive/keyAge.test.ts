import { keyAge } from './keyAge';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-31T00:00:00Z');
const facts = (created?: string) => ({
  currentVersion: 7,
  currentVersionCreatedAt: created,
  updatedAt: '2026-12-30T00:00:00Z',
  checkedAt: NOW - 5_000,
});
const every30d = { every: '30d', everyMs: 30 * DAY };

describe('keyAge', () => {
  it('counts from the current version and flags it once it is older than its schedule', () => {
    const young = keyAge({
      facts: facts('2026-12-11T00:00:00Z'),
      schedule: every30d,
      now: NOW,
    });
    expect(young).toEqual({
      currentVersion: 7,
      versionCreatedAt: '2026-12-11T00:00:00Z',
      updatedAt: '2026-12-30T00:00:00Z',
      ageSeconds: 20 * 86_400,
      schedule: {
        every: '30d',
        everySeconds: 30 * 86_400,
        source: 'annotation',
      },
      dueAt: '2027-01-10T00:00:00.000Z',
      overdue: false,
      checkedAt: '2026-12-30T23:59:55.000Z',
    });
    const old = keyAge({
      facts: facts('2026-11-01T00:00:00Z'),
      schedule: { ...every30d, path: 'secret/payments-api/*' },
      now: NOW,
    });
    expect(old).toMatchObject({
      overdue: true,
      dueAt: '2026-12-01T00:00:00.000Z',
      schedule: { source: 'config', path: 'secret/payments-api/*' },
    });
  });

  it('never flags a key without a schedule or without a version time', () => {
    expect(
      keyAge({ facts: facts('2020-01-01T00:00:00Z'), now: NOW }),
    ).toMatchObject({ overdue: false, ageSeconds: expect.any(Number) });
    const noTime = keyAge({ facts: facts(), schedule: every30d, now: NOW });
    expect(noTime.overdue).toBe(false);
    expect(noTime.ageSeconds).toBeUndefined();
    expect(noTime.currentVersion).toBe(7);
  });

  it("carries Vault's error as data, with the schedule still shown", () => {
    expect(
      keyAge({
        error: 'Vault server vault: permission denied',
        checkedAt: NOW,
        schedule: every30d,
        now: NOW,
      }),
    ).toEqual({
      overdue: false,
      error: 'Vault server vault: permission denied',
      checkedAt: '2026-12-31T00:00:00.000Z',
      schedule: { every: '30d', everySeconds: 2_592_000, source: 'annotation' },
    });
  });
});
