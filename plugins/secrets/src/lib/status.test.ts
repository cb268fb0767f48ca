import { makeRow } from '../__testUtils__';
import { countByStatus, describeForceSync, worstStatus } from './status';
import { formatDuration, formatRelative } from './time';

describe('status wording', () => {
  it('explains every force-sync blocker and names the ClusterExternalSecret to bump', () => {
    const row = makeRow({
      forceSync: {
        supported: false,
        blockers: [
          'CreatedOnce',
          'RefreshIntervalZero',
          'PinnedVersion',
          'ClusterExternalSecretChild',
        ],
        via: { kind: 'ClusterExternalSecret', name: 'db-all' },
      },
    });
    const text = describeForceSync(row);
    expect(text).toMatch(/CreatedOnce/);
    expect(text).toMatch(/refreshInterval is 0/);
    expect(text).toMatch(/pinned Vault version/);
    expect(text).toMatch(/bump the ClusterExternalSecret db-all$/);
    expect(describeForceSync(makeRow())).toBe('Force-sync possible');
  });

  it('picks the worst status that has rows', () => {
    const counts = countByStatus([
      makeRow(),
      makeRow({ status: 'Pending' }),
      makeRow({ status: 'Missing' }),
    ]);
    expect(worstStatus(counts)).toBe('Missing');
    expect(worstStatus(countByStatus([]))).toBeUndefined();
  });

  it('formats durations and relative times', () => {
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(3599)).toBe('59m');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(172800)).toBe('2d');
    expect(
      formatRelative(
        '2026-01-01T00:00:00Z',
        Date.parse('2026-01-01T00:05:00Z'),
      ),
    ).toBe('5m ago');
    expect(
      formatRelative(
        '2026-01-01T01:00:00Z',
        Date.parse('2026-01-01T00:00:00Z'),
      ),
    ).toBe('in 1h');
  });
});
