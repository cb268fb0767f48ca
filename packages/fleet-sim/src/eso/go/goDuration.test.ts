import { formatGoDuration, parseGoDuration } from './goDuration';

describe('Go durations', () => {
  it.each([
    ['1h0m0s', 3_600_000],
    ['15m', 900_000],
    ['0s', 0],
    ['0', 0],
    ['1.5h', 5_400_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['-2s', -2000],
  ])('parses %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '1', 'h', '1x', '1h 2m'])(
    'rejects %j like time.ParseDuration',
    text => {
      expect(() => parseGoDuration(text)).toThrow(
        /time: (invalid|unknown unit)/,
      );
    },
  );

  it.each([
    [3_600_000, '1h0m0s'],
    [900_000, '15m0s'],
    [0, '0s'],
    [1500, '1.5s'],
    [250, '250ms'],
    [5_400_000, '1h30m0s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
