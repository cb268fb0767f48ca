/*
 * Go's time.ParseDuration / Duration.String, because ESO's refreshInterval fields are Go durations
 * ("1h0m0s", "15m", "0s", "1.5h") and the simulator must accept and print exactly what Go does.
 */

import { goQuote } from './goErrors';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds for a Go duration string; throws Go's error text for invalid input. */
export function parseGoDuration(text: string): number {
  const invalid = () =>
    new Error(`time: invalid duration ${goQuote(text)}`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  // time.ParseDuration: [0-9]*(\.[0-9]*)? then a unit, which is everything up to the next [0-9.]
  const part = /^(\d*)(?:\.(\d*))?([^\d.]*)/;
  while (rest.length > 0) {
    const m = part.exec(rest)!;
    if (m[1] === '' && (m[2] === undefined || m[2] === '')) throw invalid();
    if (m[3] === '')
      throw new Error(`time: missing unit in duration ${goQuote(text)}`);
    const unit = UNIT_MS[m[3]];
    if (unit === undefined) {
      throw new Error(
        `time: unknown unit ${goQuote(m[3])} in duration ${goQuote(text)}`,
      );
    }
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * unit;
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

function formatFraction(value: number): string {
  // Go prints the shortest exact decimal; durations in the simulator are whole milliseconds.
  return Number(value.toFixed(9)).toString();
}

/** time.Duration.String() for a millisecond count. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) {
    if (abs >= 1) return `${sign}${formatFraction(abs)}ms`;
    if (abs >= 1e-3) return `${sign}${formatFraction(abs * 1e3)}µs`;
    return `${sign}${formatFraction(abs * 1e6)}ns`;
  }
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = (abs % 60_000) / 1000;
  let out = `${formatFraction(seconds)}s`;
  if (hours > 0 || minutes > 0) out = `${minutes}m${out}`;
  if (hours > 0) out = `${hours}h${out}`;
  return sign + out;
}
