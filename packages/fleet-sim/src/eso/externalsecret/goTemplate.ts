/*
 * A small subset of Go text/template, enough for ESO v2 templates in `target.template.data` and
 * `target.template.metadata` (runtime/template/v2/template.go execute: missingkey=error, data is
 * the fetched secret as map[string]string). Supported: text, `{{ }}` with `{{-`/`-}}` trimming,
 * `.key`, `.`, string/number literals, pipelines and the sprig functions listed in FUNCS.
 * Anything else fails the way Go would fail to parse it (`function "x" not defined`).
 */

type Fn = (...args: unknown[]) => unknown;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const FUNCS: Record<string, Fn> = {
  index: (m, k) => {
    const map = m as Record<string, string>;
    if (!Object.hasOwn(map, str(k))) return '';
    return map[str(k)];
  },
  toString: (v: unknown) => str(v),
  b64enc: v => Buffer.from(str(v), 'utf8').toString('base64'),
  b64dec: v => Buffer.from(str(v), 'base64').toString('utf8'),
  upper: v => str(v).toUpperCase(),
  lower: v => str(v).toLowerCase(),
  trim: v => str(v).trim(),
  quote: v => JSON.stringify(str(v)),
  squote: v => `'${str(v)}'`,
  default: (fallback, v) => (str(v) === '' ? fallback : v),
  printf: (format, ...args) => {
    let i = 0;
    return str(format).replace(/%[sdv]/g, () => str(args[i++]));
  },
};

export class GoTemplateError extends Error {}

interface Action {
  text?: string;
  pipeline?: string[][];
}

function tokenize(action: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+)/gy;
  for (
    let m = re.exec(action);
    m !== null && m[0].length > 0;
    m = re.exec(action)
  )
    tokens.push(m[1]);
  return tokens;
}

function parse(name: string, source: string): Action[] {
  const out: Action[] = [];
  let rest = source;
  let line = 1;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      out.push({ text: rest });
      break;
    }
    let text = rest.slice(0, open);
    const trimLeft =
      rest.startsWith('{{-', open) && /\s/.test(rest[open + 3] ?? '');
    if (trimLeft) text = text.replace(/\s+$/, '');
    if (text) out.push({ text });
    line += (rest.slice(0, open).match(/\n/g) ?? []).length;
    const close = rest.indexOf('}}', open);
    if (close < 0)
      throw new GoTemplateError(`template: ${name}:${line}: unclosed action`);
    let body = rest.slice(open + 2, close);
    const trimRight =
      body.endsWith(' -') || body.endsWith('\t-') || body.endsWith('\n-');
    if (trimLeft) body = body.slice(1);
    if (trimRight) body = body.slice(0, -1);
    const commands: string[][] = [[]];
    for (const token of tokenize(body.trim())) {
      if (token === '|') commands.push([]);
      else commands[commands.length - 1].push(token);
    }
    if (commands.some(c => c.length === 0))
      throw new GoTemplateError(
        `template: ${name}:${line}: missing value for command`,
      );
    for (const command of commands) {
      const head = command[0];
      if (!/^[."`\d-]/.test(head) && !Object.hasOwn(FUNCS, head)) {
        throw new GoTemplateError(
          `template: ${name}:${line}: function ${JSON.stringify(
            head,
          )} not defined`,
        );
      }
      for (const arg of command) {
        if (
          arg.startsWith('.') &&
          arg !== '.' &&
          !/^\.[A-Za-z_][A-Za-z0-9_]*$/.test(arg)
        ) {
          throw new GoTemplateError(
            `template: ${name}:${line}: bad character in field ${JSON.stringify(
              arg,
            )}`,
          );
        }
      }
    }
    out.push({ pipeline: commands });
    rest = rest.slice(close + 2);
    if (trimRight) rest = rest.replace(/^\s+/, '');
  }
  return out;
}

function operand(
  name: string,
  token: string,
  data: Record<string, string>,
): unknown {
  if (token === '.') return data;
  if (token.startsWith('.')) {
    const key = token.slice(1);
    if (!Object.hasOwn(data, key)) {
      throw new GoTemplateError(
        `template: ${name}:1: executing ${JSON.stringify(
          name,
        )} at <${token}>: map has no entry for key ${JSON.stringify(key)}`,
      );
    }
    return data[key];
  }
  if (token.startsWith('"')) return JSON.parse(token);
  if (token.startsWith('`')) return token.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  return FUNCS[token]();
}

/** Renders `source` against `data`; `name` is the template name used in error messages (ESO: the key). */
export function renderGoTemplate(
  name: string,
  source: string,
  data: Record<string, string>,
): string {
  let out = '';
  for (const action of parse(name, source)) {
    if (action.text !== undefined) {
      out += action.text;
      continue;
    }
    let value: unknown = undefined;
    action.pipeline!.forEach((command, i) => {
      const [head, ...args] = command;
      if (Object.hasOwn(FUNCS, head)) {
        const values = args.map(a => operand(name, a, data));
        if (i > 0) values.push(value);
        value = FUNCS[head](...values);
      } else {
        if (i > 0)
          throw new GoTemplateError(
            `template: ${name}:1: can't give argument to non-function ${head}`,
          );
        value = operand(name, head, data);
      }
    });
    out +=
      typeof value === 'object' && value !== null
        ? `map[${Object.keys(value)
            .sort()
            .map(k => `${k}:${(value as Record<string, string>)[k]}`)
            .join(' ')}]`
        : str(value);
  }
  return out;
}
