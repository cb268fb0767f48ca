import { badRequest } from '../apiErrors';

/**
 * Label selectors as `labels.Parse` accepts them: `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`, comma-separated (AND).
 */
export type LabelRequirement =
  | { op: 'exists' | 'notExists'; key: string }
  | { op: 'in' | 'notIn'; key: string; values: Set<string> }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelSelector = LabelRequirement[];

const KEY =
  /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 317) {
    throw badRequest(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw badRequest(
      `unable to parse requirement: values[0][${value}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
  return value;
}

function parseRequirement(term: string): LabelRequirement {
  let m = /^!\s*(\S+)$/.exec(term);
  if (m) return { op: 'notExists', key: checkKey(m[1]) };
  m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (m) {
    const values = m[3].split(',').map(v => checkValue(v.trim()));
    return {
      op: m[2] === 'in' ? 'in' : 'notIn',
      key: checkKey(m[1]),
      values: new Set(values),
    };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(term);
  if (m) {
    const key = checkKey(m[1]);
    const raw = m[3].trim();
    if (m[2] === '<' || m[2] === '>') {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw)) {
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return { op: m[2] === '>' ? 'gt' : 'lt', key, value };
    }
    const values = new Set([checkValue(raw)]);
    return { op: m[2] === '!=' ? 'notIn' : 'in', key, values };
  }
  if (/^\S+$/.test(term)) return { op: 'exists', key: checkKey(term) };
  throw badRequest(
    `unable to parse requirement: found '${term}', expected: identifier`,
  );
}

/** Parses a `labelSelector` query value; an empty string selects everything. */
export function parseLabelSelector(
  text: string | undefined | null,
): LabelSelector {
  if (!text || !text.trim()) return [];
  return splitTopLevel(text).filter(Boolean).map(parseRequirement);
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  for (const r of selector) {
    const has =
      labels !== undefined &&
      Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'notExists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.has(value!)) return false;
        break;
      case 'notIn':
        if (has && r.values.has(value!)) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        const n = Number(value);
        if (r.op === 'gt' ? !(n > r.value) : !(n < r.value)) return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/** LabelSelector objects (matchLabels/matchExpressions), used by ClusterSecretStore conditions etc. */
export function fromLabelSelectorObject(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}): LabelSelector {
  const out: LabelSelector = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    out.push({ op: 'in', key, values: new Set([value]) });
  }
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In')
      out.push({ op: 'in', key: e.key, values: new Set(e.values ?? []) });
    else if (e.operator === 'NotIn')
      out.push({ op: 'notIn', key: e.key, values: new Set(e.values ?? []) });
    else if (e.operator === 'Exists') out.push({ op: 'exists', key: e.key });
    else if (e.operator === 'DoesNotExist')
      out.push({ op: 'notExists', key: e.key });
    else
      throw new Error(`"${e.operator}" is not a valid label selector operator`);
  }
  return out;
}
