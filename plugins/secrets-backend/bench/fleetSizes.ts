/** Bytes of JSON per part of a fleet answer, largest first: what a smaller answer would cut. */
export function fleetSizes(
  body: Record<string, unknown>,
): Array<[string, number]> {
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');
  const parts: Array<[string, number]> = Object.entries(body).map(([k, v]) => [
    k,
    bytes(v),
  ]);
  const failing = body.failing as { items?: unknown[] } | undefined;
  if (failing?.items?.length)
    parts.push([
      `failing.items (${failing.items.length}), one row`,
      bytes(failing.items[0]),
    ]);
  return parts.sort((a, b) => b[1] - a[1]);
}
