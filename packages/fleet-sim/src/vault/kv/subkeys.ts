/**
 * path_subkeys.go removeValues: replaces every leaf with null, keeping the key tree. A non-empty
 * map below `maxDepth` (0 = unlimited) is walked; anything else, including maps at the depth
 * limit and empty maps, becomes null so no value can leak.
 */
export function subkeysOf(
  input: Record<string, unknown>,
  maxDepth: number,
): Record<string, unknown> {
  const walk = (
    node: Record<string, unknown>,
    depth: number,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const isMap =
        value !== null && typeof value === 'object' && !Array.isArray(value);
      const next = depth + 1;
      const nested =
        isMap &&
        Object.keys(value as object).length > 0 &&
        (maxDepth === 0 || next <= maxDepth);
      out[key] = nested ? walk(value as Record<string, unknown>, next) : null;
    }
    return out;
  };
  return walk(input, 1);
}
