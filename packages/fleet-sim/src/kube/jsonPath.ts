/**
 * The JSONPath subset CRD additionalPrinterColumns use: `.a.b`, `.a[0]`, `.a[*].b` and
 * `.a[?(@.type=="Ready")].status` (k8s.io/client-go/util/jsonpath). Returns every match.
 */
type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; value: string | number | boolean };

const cache = new Map<string, Step[]>();

export function evaluateJsonPath(root: unknown, expression: string): unknown[] {
  let steps = cache.get(expression);
  if (!steps) {
    steps = parseJsonPath(expression);
    cache.set(expression, steps);
  }
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) applyStep(step, value, next);
    current = next;
  }
  return current;
}

function applyStep(step: Step, value: unknown, out: unknown[]): void {
  if (value === null || value === undefined) return;
  switch (step.kind) {
    case 'field':
      if (typeof value === 'object' && !Array.isArray(value)) {
        const v = (value as Record<string, unknown>)[step.name];
        if (v !== undefined) out.push(v);
      }
      return;
    case 'index':
      if (Array.isArray(value)) {
        const i = step.index < 0 ? value.length + step.index : step.index;
        if (i >= 0 && i < value.length) out.push(value[i]);
      }
      return;
    case 'all':
      if (Array.isArray(value)) out.push(...value);
      else if (typeof value === 'object')
        out.push(...Object.values(value as object));
      return;
    case 'filter':
      if (!Array.isArray(value)) return;
      for (const item of value) {
        let v: unknown = item;
        for (const p of step.path)
          v = (v as Record<string, unknown> | undefined)?.[p];
        if (v === step.value) out.push(item);
      }
      return;
    default:
      return;
  }
}

export function parseJsonPath(expression: string): Step[] {
  const text = expression
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '.') {
      const m = /^\.([A-Za-z0-9_\-/]+)/.exec(text.slice(i));
      if (!m) throw new Error(`unsupported JSONPath ${expression}`);
      steps.push({ kind: 'field', name: m[1] });
      i += m[0].length;
    } else if (text[i] === '[') {
      const end = text.indexOf(']', i);
      const inner = text.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner))
        steps.push({ kind: 'index', index: Number(inner) });
      else steps.push(parseFilter(inner, expression));
    } else {
      throw new Error(`unsupported JSONPath ${expression}`);
    }
  }
  return steps;
}

function parseFilter(inner: string, expression: string): Step {
  const m = /^\?\(@((?:\.[A-Za-z0-9_\-]+)+)\s*==\s*(.+)\)$/.exec(inner);
  if (!m) throw new Error(`unsupported JSONPath filter in ${expression}`);
  const raw = m[2].trim();
  let value: string | number | boolean;
  if (/^["'].*["']$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else value = Number(raw);
  return { kind: 'filter', path: m[1].slice(1).split('.'), value };
}
