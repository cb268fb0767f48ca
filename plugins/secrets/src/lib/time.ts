/** Human wording for timestamps; every function takes `now` so tests and memoised rows agree. */

const UNITS: Array<[limitSeconds: number, divisor: number, unit: string]> = [
  [60, 1, 's'],
  [3600, 60, 'm'],
  [86400, 3600, 'h'],
  [Infinity, 86400, 'd'],
];

/** "42s", "5m", "3h", "2d". */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  const [, divisor, unit] = UNITS.find(([limit]) => abs < limit)!;
  return `${Math.floor(abs / divisor)}${unit}`;
}

/** "5m ago" / "in 5m". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  return seconds < 0
    ? `${formatDuration(seconds)} ago`
    : `in ${formatDuration(seconds)}`;
}

/** "14:05" in the viewer's locale. */
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Full timestamp for tooltips. */
export function formatExact(iso: string): string {
  return new Date(iso).toLocaleString();
}
