/**
 * Time formatting the way Vault's Go code prints it: RFC 3339 with trimmed nanoseconds for
 * timestamps (`ptypes.TimestampString`, `time.RFC3339Nano`) and `time.Duration.String()` for
 * durations. Input is always SimClock milliseconds, which may carry a fractional part when the
 * clock is scaled; the fraction becomes sub-millisecond digits like Vault's nanosecond clock.
 */
export function rfc3339Nano(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  const subMsNanos = Math.min(999_999, Math.round((epochMs - wholeMs) * 1e6));
  const date = new Date(wholeMs);
  const seconds = date.toISOString().slice(0, 19);
  const nanos = date.getUTCMilliseconds() * 1e6 + subMsNanos;
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction ? `.${fraction}` : ''}Z`;
}

/** Go's `time.Duration.String()` for a whole number of seconds ("0s", "45s", "1h0m0s"). */
export function goDurationString(totalSeconds: number): string {
  if (totalSeconds === 0) return '0s';
  const sign = totalSeconds < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/**
 * Parses a Vault duration field (`parseutil.ParseDurationSecond`): an integer number of seconds,
 * a numeric string, or a Go duration string such as "1h30m" (Vault also accepts a "d" suffix).
 * Returns undefined when the value cannot be parsed.
 */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value))
    return Math.trunc(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return 0;
  if (/^-?\d+$/.test(text)) return Number(text);
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * UNIT_SECONDS[match[2]];
    consumed += match[0].length;
  }
  return consumed === text.length ? Math.trunc(total) : undefined;
}
