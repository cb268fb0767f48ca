/**
 * policyutil.SanitizePolicies: trim, lowercase, dedupe and sort; add `default` when asked;
 * a list containing `root` collapses to `["root"]`.
 */
export function sanitizePolicies(
  policies: readonly string[],
  addDefault: boolean,
): string[] {
  const cleaned = policies
    .map(p => p.trim().toLowerCase())
    .filter(p => p !== '');
  if (cleaned.includes('root')) return ['root'];
  if (addDefault) cleaned.push('default');
  return [...new Set(cleaned)].sort();
}

/** Vault accepts policy lists as JSON arrays or comma-separated strings. */
export function policyList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map(p => p.trim())
      .filter(Boolean);
  return [];
}
