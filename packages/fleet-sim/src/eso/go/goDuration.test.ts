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

  it.each([
    ['', 'time: invalid duration ""'],
    ['1', 'time: missing unit in duration "1"'],
    ['h', 'time: invalid duration "h"'],
    ['banana', 'time: invalid duration "banana"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    // a unit runs to the next digit or dot, spaces included
    ['1h 2m', 'time: unknown unit "h " in duration "1h 2m"'],
    ['8 hours', 'time: unknown unit " hours" in duration "8 hours"'],
  ])('rejects %j like time.ParseDuration', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

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
