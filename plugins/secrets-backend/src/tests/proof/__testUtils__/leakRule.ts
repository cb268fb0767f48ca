/*
 * The one rule of what counts as a leaked value, shared by the backend proof suite and the browser
 * journey: a value counts when it is long enough to mean something and is not a public identifier
 * (a namespace, object name or label value that merely equals it), and it is searched for in every
 * encoding a value could take on its way out.
 */

/** Shorter values (a `1`, a `true`) would match by chance in any body. */
export const MIN_SECRET_LENGTH = 6;

export type LeakEncoding = 'plain' | 'base64' | 'base64url' | 'url' | 'json';

/** Whether `value` is worth searching for: long enough, and no public identifier contains it. */
export function isSecretCandidate(
  value: string,
  publicIdentifiers: Iterable<string> = [],
): boolean {
  if (value.length < MIN_SECRET_LENGTH) return false;
  for (const id of publicIdentifiers) if (id.includes(value)) return false;
  return true;
}

/**
 * base64 of `value` as it reads at each of the three byte alignments inside a longer encoded
 * document: the 4-character group mixed with the preceding byte(s) and the last, incomplete group
 * depend on neighbours and are cut off. Each needle then stands for only part of the value
 * (`covered`), which must itself count as a value: `canary-1` cut to `canary` would match every
 * encoded mention of the public name.
 */
function base64Needles(
  value: string,
): Array<{ needle: string; covered: string }> {
  const bytes = Buffer.from(value, 'utf8');
  const full = bytes.toString('base64').replace(/=+$/, '');
  const needles = [{ needle: full, covered: value }];
  const whole = Math.floor(bytes.length / 3);
  if (whole * 3 < bytes.length)
    needles.push({
      needle: full.slice(0, whole * 4),
      covered: bytes.subarray(0, whole * 3).toString('utf8'),
    });
  for (const shift of [1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]);
    const groups = Math.floor(shifted.length / 3);
    needles.push({
      needle: shifted.toString('base64').slice(4, groups * 4),
      covered: bytes.subarray(3 - shift, groups * 3 - shift).toString('utf8'),
    });
  }
  return needles;
}

/**
 * Every form of `value` to search for. base64 (and base64url) at every alignment, so a value
 * inside a longer encoded document (a JSON body, a Secret's data) matches too; JSON-escaped, for a value inside a serialised
 * string (quotes, backslashes, control characters); URL-encoded, for query strings and links.
 */
export function encodedForms(
  value: string,
  publicIdentifiers: Iterable<string> = [],
): Array<{ encoding: LeakEncoding; needle: string }> {
  const ids = [...publicIdentifiers];
  const b64 = base64Needles(value).filter(
    n => n.covered === value || isSecretCandidate(n.covered, ids),
  );
  const forms: Array<{ encoding: LeakEncoding; needle: string }> = [
    { encoding: 'plain', needle: value },
    ...b64.map(({ needle }) => ({ encoding: 'base64' as const, needle })),
    ...b64.map(({ needle }) => ({
      encoding: 'base64url' as const,
      needle: needle.replace(/\+/g, '-').replace(/\//g, '_'),
    })),
    { encoding: 'url', needle: encodeURIComponent(value) },
    { encoding: 'json', needle: JSON.stringify(value).slice(1, -1) },
  ];
  const seen = new Set<string>();
  return forms.filter(f => {
    if (seen.has(f.needle)) return false;
    seen.add(f.needle);
    return true;
  });
}

/** The encodings in which `text` contains `value`, empty when it does not. */
export function findValue(
  text: string,
  value: string,
  publicIdentifiers: Iterable<string> = [],
): LeakEncoding[] {
  const found = new Set<LeakEncoding>();
  for (const f of encodedForms(value, publicIdentifiers))
    if (text.includes(f.needle)) found.add(f.encoding);
  return [...found];
}
