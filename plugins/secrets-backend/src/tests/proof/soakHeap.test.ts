import { slope } from './soakHeap';

describe('the soak heap slope', () => {
  it('is the least-squares slope, so one outlying sample moves it little', () => {
    const flat = Array.from({ length: 20 }, (_, i) => [i * 10, 280] as const);
    expect(slope(flat)).toBe(0);
    const growing = flat.map(([x, y]) => [x, y + x * 0.02] as const);
    expect(slope(growing)).toBeCloseTo(0.02, 10);
    // a sample taken just after a collection dropped 4 MB, as a heap snapshot does
    const dropped = flat.map(([x, y], i) => [x, i === 10 ? y - 4 : y] as const);
    expect(Math.abs(slope(dropped))).toBeLessThan(0.005);
  });

  it('is 0 without two distinct rotations', () => {
    expect(slope([])).toBe(0);
    expect(slope([[5, 1]])).toBe(0);
    expect(
      slope([
        [5, 1],
        [5, 9],
      ]),
    ).toBe(0);
  });
});
