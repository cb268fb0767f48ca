import { badRequest } from '../apiErrors';

/**
 * metav1.MicroTime on the wire (apimachinery/pkg/apis/meta/v1/micro_time.go, 1.32): decoded with
 * the fixed layout RFC3339Micro, so exactly six fractional digits; anything else fails decoding
 * with time.Parse's error (JavaScript's toISOString() has three, and a real server rejects it).
 * Printed back in UTC. A malformed date or clock part is reported against the year (Go names the
 * exact element; only fraction and zone, what clients get wrong, are reproduced exactly).
 */
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
const SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const ZONE = /^(Z|[+-]\d{2}:\d{2})$/;

/** time.Parse(RFC3339Micro, value)'s complaint, or undefined when it parses. */
function parseProblem(value: string): string | undefined {
  const fail = (valueElem: string, layoutElem: string) =>
    `parsing time ${JSON.stringify(value)} as ${JSON.stringify(
      RFC3339_MICRO,
    )}: cannot parse ${JSON.stringify(valueElem)} as ${JSON.stringify(
      layoutElem,
    )}`;
  if (
    !SECONDS.test(value) ||
    Number.isNaN(Date.parse(`${value.slice(0, 19)}Z`))
  )
    return fail(value, '2006');
  const rest = value.slice(19);
  // stdFracSecond0: exactly 1 + 6 characters, a dot and digits
  if (rest.length < 7 || !/^\.\d{6}/.test(rest)) return fail(rest, '.000000');
  const zone = rest.slice(7);
  if (!ZONE.test(zone)) return fail(zone, 'Z07:00');
  return undefined;
}

/** The stored form of a MicroTime field; throws the decoder's 400 for the kind. */
export function decodeMicroTime(
  value: unknown,
  kind: string,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const problem =
    typeof value === 'string'
      ? parseProblem(value)
      : `json: cannot unmarshal ${
          typeof value === 'number' ? 'number' : 'object'
        } into Go value of type string`;
  if (problem)
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: ${problem}`,
    );
  const text = value as string;
  const zone = text.slice(26);
  if (zone === 'Z') return text;
  const utc = new Date(Date.parse(`${text.slice(0, 19)}${zone}`));
  return `${utc.toISOString().slice(0, 19)}${text.slice(19, 26)}Z`;
}
