/**
 * An evaluator for the subset of CEL used by the ESO CRDs' x-kubernetes-validations:
 * `has(self.a.b)`, `!`, `&&`, `||`, comparisons, `'k' in self`, list literals, `size(x)`,
 * `x.size()` and `x.filter(v, pred)`. Anything else throws when the rule is compiled, so an
 * unsupported rule is noticed instead of being silently skipped.
 */
type Env = Record<string, unknown>;
type Eval = (env: Env) => unknown;

const TOKEN =
  /\s*(?:(\d+)|'([^']*)'|"([^"]*)"|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[!<>()[\].,]))/y;

interface Token {
  kind: 'num' | 'str' | 'ident' | 'op';
  text: string;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`unsupported CEL at ${at}: ${src}`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined)
      tokens.push({ kind: 'str', text: m[2] ?? m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'ident', text: m[4] });
    else tokens.push({ kind: 'op', text: m[5] });
  }
  return tokens;
}

class NoSuchKey extends Error {}

function select(value: unknown, field: string): unknown {
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    field in value
  ) {
    return (value as Record<string, unknown>)[field];
  }
  throw new NoSuchKey(`no such key: ${field}`);
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v) || typeof v === 'string') return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  throw new Error('size() of unsupported value');
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: Token[], private readonly src: string) {}

  parse(): Eval {
    const e = this.or();
    if (this.#pos !== this.tokens.length) this.fail();
    return e;
  }

  private peek(text?: string): Token | undefined {
    const t = this.tokens[this.#pos];
    return text === undefined || t?.text === text ? t : undefined;
  }
  private take(text?: string): Token {
    const t = this.tokens[this.#pos];
    if (!t || (text !== undefined && t.text !== text)) this.fail();
    this.#pos++;
    return t;
  }
  private fail(): never {
    throw new Error(`unsupported CEL expression: ${this.src}`);
  }

  private or(): Eval {
    let left = this.and();
    while (this.peek('||')) {
      this.take();
      const [l, r] = [left, this.and()];
      left = env => Boolean(l(env)) || Boolean(r(env));
    }
    return left;
  }
  private and(): Eval {
    let left = this.relation();
    while (this.peek('&&')) {
      this.take();
      const [l, r] = [left, this.relation()];
      left = env => Boolean(l(env)) && Boolean(r(env));
    }
    return left;
  }
  private relation(): Eval {
    const left = this.unary();
    const op = this.peek()?.text;
    if (!op || !['==', '!=', '<=', '>=', '<', '>', 'in'].includes(op))
      return left;
    this.take();
    const right = this.unary();
    switch (op) {
      case '==':
        return env => left(env) === right(env);
      case '!=':
        return env => left(env) !== right(env);
      case '<=':
        return env => (left(env) as number) <= (right(env) as number);
      case '>=':
        return env => (left(env) as number) >= (right(env) as number);
      case '<':
        return env => (left(env) as number) < (right(env) as number);
      case '>':
        return env => (left(env) as number) > (right(env) as number);
      default:
        return env => {
          const container = right(env);
          const item = left(env);
          if (Array.isArray(container)) return container.includes(item);
          return (
            Boolean(container) &&
            Object.prototype.hasOwnProperty.call(container, item as string)
          );
        };
    }
  }
  private unary(): Eval {
    if (this.peek('!')) {
      this.take();
      const inner = this.unary();
      return env => !inner(env);
    }
    return this.postfix();
  }
  private postfix(): Eval {
    let target = this.primary();
    while (this.peek('.')) {
      this.take();
      const name = this.take().text;
      const base = target;
      if (this.peek('(')) {
        this.take();
        if (name === 'size') {
          this.take(')');
          target = env => sizeOf(base(env));
        } else if (name === 'filter') {
          const variable = this.take().text;
          this.take(',');
          const predicate = this.or();
          this.take(')');
          target = env =>
            (base(env) as unknown[]).filter(v =>
              Boolean(predicate({ ...env, [variable]: v })),
            );
        } else this.fail();
      } else {
        target = env => select(base(env), name);
      }
    }
    return target;
  }
  private primary(): Eval {
    const t = this.take();
    if (t.kind === 'num') return () => Number(t.text);
    if (t.kind === 'str') return () => t.text;
    if (t.text === '(') {
      const e = this.or();
      this.take(')');
      return e;
    }
    if (t.text === '[') {
      const items: Eval[] = [];
      while (!this.peek(']')) {
        items.push(this.or());
        if (this.peek(',')) this.take();
      }
      this.take(']');
      return env => items.map(i => i(env));
    }
    if (t.kind !== 'ident') this.fail();
    if (t.text === 'true' || t.text === 'false') return () => t.text === 'true';
    if (t.text === 'has') return this.hasMacro();
    if (t.text === 'size' && this.peek('(')) {
      this.take('(');
      const arg = this.or();
      this.take(')');
      return env => sizeOf(arg(env));
    }
    return env => {
      if (!(t.text in env))
        throw new Error(`undeclared reference to '${t.text}'`);
      return env[t.text];
    };
  }
  /** has(a.b.c): a.b must resolve, c must be present */
  private hasMacro(): Eval {
    this.take('(');
    const path = [this.take().text];
    while (this.peek('.')) {
      this.take();
      path.push(this.take().text);
    }
    this.take(')');
    if (path.length < 2) this.fail();
    const last = path.pop()!;
    return env => {
      let v: unknown = env[path[0]];
      for (const p of path.slice(1)) v = select(v, p);
      return (
        Boolean(v) &&
        typeof v === 'object' &&
        Object.prototype.hasOwnProperty.call(v, last)
      );
    };
  }
}

export type CompiledRule = (self: unknown) => boolean;

/** Compiles a rule; evaluation errors (e.g. a missing key) count as a failed rule. */
export function compileCelRule(rule: string): CompiledRule {
  const evaluate = new Parser(tokenize(rule), rule).parse();
  return self => {
    try {
      return evaluate({ self }) === true;
    } catch {
      return false;
    }
  };
}
