/** "14:05:02": a rotation's steps are seconds apart, so the clock shows them. */
export function formatSeconds(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
