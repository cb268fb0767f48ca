/*
 * ESO hashes Go values by printing them with fmt's "%+v" verb and taking sha3-224 of the text
 * (runtime/esutils/utils.go ObjectHash, ESO v2.9.0). To produce the same hashes we print the same
 * few Go shapes the same way fmt does: maps print as `map[k:v k2:v2]` with keys sorted, byte slices
 * as `[49 50 51]`, strings raw, structs as `{field:value field2:value2}` (field names with %+v).
 */
import { createHash } from 'node:crypto';

/** A Go value we know how to print: string, []byte, map[string]string, map[string][]byte, struct. */
export type GoValue =
  | { kind: 'string'; value: string }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'stringMap'; value: Record<string, string> | undefined }
  | { kind: 'bytesMap'; value: Record<string, Uint8Array> | undefined }
  | { kind: 'struct'; fields: Array<[string, GoValue]> };

/** Go sorts string map keys by byte order (fmt/internal/fmtsort), not by UTF-16 code units. */
function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function formatBytes(bytes: Uint8Array): string {
  return `[${Array.from(bytes).join(' ')}]`;
}

/** fmt.Sprintf("%+v", value) for the shapes ESO hashes. */
export function formatGoValue(value: GoValue): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'bytes':
      return formatBytes(value.value);
    case 'stringMap': {
      const entries = Object.entries(value.value ?? {}).sort(([a], [b]) =>
        compareGoStrings(a, b),
      );
      return `map[${entries.map(([k, v]) => `${k}:${v}`).join(' ')}]`;
    }
    case 'bytesMap': {
      const entries = Object.entries(value.value ?? {}).sort(([a], [b]) =>
        compareGoStrings(a, b),
      );
      return `map[${entries
        .map(([k, v]) => `${k}:${formatBytes(v)}`)
        .join(' ')}]`;
    }
    case 'struct':
      return `{${value.fields
        .map(([name, v]) => `${name}:${formatGoValue(v)}`)
        .join(' ')}}`;
    default:
      throw new Error('unsupported Go value');
  }
}

export function sha3_224Hex(text: string | Uint8Array): string {
  return createHash('sha3-224')
    .update(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)
    .digest('hex');
}

/** esutils.ObjectHash: sha3-224 of fmt.Sprintf("%+v", object), lower-case hex. */
export function objectHash(value: GoValue): string {
  return sha3_224Hex(formatGoValue(value));
}
