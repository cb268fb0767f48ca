/*
 * encoding/json.Marshal output for decoded JSON values: compact, map keys sorted, and <, >, &
 * escaped as \u003c, \u003e, \u0026 (Go's default HTML-safe encoding). ESO marshals Vault data
 * this way before hashing, extracting properties or storing whole secrets.
 */

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function encodeString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function goJsonMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJsonMarshal).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(
      ([a], [b]) => compareKeys(a, b),
    );
    return `{${entries
      .map(([k, v]) => `${encodeString(k)}:${goJsonMarshal(v)}`)
      .join(',')}}`;
  }
  throw new Error(`json: unsupported type ${typeof value}`);
}

/** esutils.GetByteValue for a decoded JSON value. */
export function goByteValue(value: unknown): Buffer {
  if (value === null || value === undefined) return Buffer.alloc(0);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'boolean') return Buffer.from(String(value));
  if (typeof value === 'number') return Buffer.from(formatGoFloat(value));
  return Buffer.from(goJsonMarshal(value), 'utf8');
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest repr, never exponent notation. */
function formatGoFloat(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
