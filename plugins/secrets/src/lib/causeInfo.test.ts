import { describeCauseInfo } from './causeInfo';
import { formatClock } from './time';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('describeCauseInfo', () => {
  it('says when a current cause was last seen and how often', () => {
    expect(
      describeCauseInfo(
        {
          source: 'event',
          count: 12,
          lastSeenAt: '2026-01-01T11:57:00Z',
          superseded: false,
        },
        now,
      ),
    ).toBe('last seen 3m ago, 12 times');
    expect(
      describeCauseInfo({ source: 'event', count: 1, superseded: false }, now),
    ).toBe('once');
    expect(
      describeCauseInfo({ source: 'condition', superseded: false }, now),
    ).toBe('');
  });

  it('marks a superseded cause as an earlier failure and names what superseded it', () => {
    const info = {
      source: 'event' as const,
      count: 4,
      lastSeenAt: '2026-01-01T11:50:00Z',
      superseded: true,
    };
    const syncAt = '2026-01-01T11:55:00Z';
    expect(describeCauseInfo(info, now, { what: 'a sync', at: syncAt })).toBe(
      `earlier failure, superseded by a sync at ${formatClock(syncAt)}`,
    );
    expect(describeCauseInfo(info, now, { what: 'a store validation' })).toBe(
      'earlier failure, superseded by a store validation',
    );
  });
});
