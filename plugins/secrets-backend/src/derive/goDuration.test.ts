import { parseGoDuration } from './goDuration';

describe('parseGoDuration', () => {
  it.each([
    ['1h0m0s', 3_600_000],
    ['1m', 60_000],
    ['0s', 0],
    ['0', 0],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['250ms', 250],
  ])('%s is %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', '1d', 'soon', '1h 2m'])('rejects %p', text =>
    expect(parseGoDuration(text)).toBeUndefined(),
  );
});
