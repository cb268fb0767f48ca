import { FleetClock } from '../fleet/FleetClock';
import { SimClock } from './SimClock';

describe('SimClock.nowRfc3339', () => {
  afterEach(() => jest.useRealTimers());

  it('follows real time across seconds, like metav1.Time (second precision)', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.900Z') });
    const clock = new SimClock({ start: new Date('2026-03-04T05:06:07.950Z') });
    expect(clock.nowRfc3339()).toBe('2026-03-04T05:06:07Z');
    jest.setSystemTime(new Date('2026-01-01T00:00:00.949Z'));
    expect(clock.nowRfc3339()).toBe('2026-03-04T05:06:07Z');
    jest.setSystemTime(new Date('2026-01-01T00:00:00.950Z'));
    expect(clock.nowRfc3339()).toBe('2026-03-04T05:06:08Z');
    jest.setSystemTime(new Date('2026-01-01T01:00:00.950Z'));
    expect(clock.nowRfc3339()).toBe('2026-03-04T06:06:08Z');
    clock.dispose();
  });

  it('follows a warp of the fleet clock', async () => {
    const clock = new FleetClock({
      scale: 1,
      start: new Date('2026-03-04T05:06:07Z'),
    });
    const before = clock.nowRfc3339();
    await clock.warp(3_600_000, async () => undefined);
    expect(
      Date.parse(clock.nowRfc3339()) - Date.parse(before),
    ).toBeGreaterThanOrEqual(3_600_000);
    expect(clock.nowRfc3339()).toMatch(/^2026-03-04T06:06:0\dZ$/);
    clock.dispose();
  });
});
