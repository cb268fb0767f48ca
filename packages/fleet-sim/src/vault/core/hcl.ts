/**
 * A small HCL (v1) reader covering what Vault policies and password policies use:
 * `key = value` attributes, labelled blocks (`path "secret/*" { ... }`, `rule "charset" { ... }`),
 * strings, numbers, booleans, lists, inline objects and `#`, `//`, `/* *\/` comments.
 * Heredocs and interpolation are not supported (Vault policies do not use them).
 */
export type HclValue =
  | string
  | number
  | boolean
  | HclValue[]
  | { [key: string]: HclValue };

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
}

export interface HclBody {
  attributes: Map<string, HclValue>;
  blocks: HclBlock[];
}

type Token =
  | { kind: 'ident' | 'string'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'punct'; text: string; at: number };

export class HclSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#' || source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new HclSyntaxError(`At ${i}: unterminated comment`);
      i = end + 2;
    } else if ('{}[]=,:'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, at: i });
      i++;
    } else if (ch === '"') {
      let text = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== '"'; j++) {
        if (source[j] === '\n')
          throw new HclSyntaxError(`At ${i}: unterminated string`);
        if (source[j] === '\\') {
          const next = source[++j];
          if (next === 'n') text += '\n';
          else if (next === 't') text += '\t';
          else if (next === 'u') {
            text += String.fromCharCode(
              parseInt(source.slice(j + 1, j + 5), 16),
            );
            j += 4;
          } else text += next;
        } else text += source[j];
      }
      if (j >= source.length)
        throw new HclSyntaxError(`At ${i}: unterminated string`);
      tokens.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else if (/[-0-9]/.test(ch) && /^-?\d/.test(source.slice(i, i + 2))) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_\-.]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', text: match[0], at: i });
      i += match[0].length;
    } else {
      throw new HclSyntaxError(`At ${i}: illegal char ${JSON.stringify(ch)}`);
    }
  }
  return tokens;
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseBody(closing?: string): HclBody {
    const body: HclBody = { attributes: new Map(), blocks: [] };
    for (;;) {
      const token = this.tokens[this.#pos];
      if (!token) {
        if (closing)
          throw new HclSyntaxError(`expected '${closing}' at end of input`);
        return body;
      }
      if (token.kind === 'punct' && token.text === closing) {
        this.#pos++;
        return body;
      }
      if (token.kind !== 'ident' && token.kind !== 'string') {
        throw new HclSyntaxError(`At ${token.at}: expected a key`);
      }
      this.#pos++;
      const next = this.tokens[this.#pos];
      if (next?.kind === 'punct' && (next.text === '=' || next.text === ':')) {
        this.#pos++;
        body.attributes.set(token.text, this.parseValue());
        this.skipComma();
        continue;
      }
      const labels: string[] = [];
      while (this.tokens[this.#pos]?.kind === 'string') {
        labels.push((this.tokens[this.#pos++] as { text: string }).text);
      }
      this.expect('{');
      body.blocks.push({ type: token.text, labels, body: this.parseBody('}') });
    }
  }

  private parseValue(): HclValue {
    const token = this.tokens[this.#pos++];
    if (!token)
      throw new HclSyntaxError('unexpected end of input, expected a value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return token.value;
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false')
        return token.text === 'true';
      throw new HclSyntaxError(`At ${token.at}: unknown token ${token.text}`);
    }
    if (token.text === '[') {
      const list: HclValue[] = [];
      while (!this.peekPunct(']')) {
        list.push(this.parseValue());
        this.skipComma();
      }
      this.#pos++;
      return list;
    }
    if (token.text === '{') return bodyToObject(this.parseBody('}'));
    throw new HclSyntaxError(`At ${token.at}: unexpected '${token.text}'`);
  }

  private peekPunct(text: string): boolean {
    const token = this.tokens[this.#pos];
    if (!token) throw new HclSyntaxError(`expected '${text}' at end of input`);
    return token.kind === 'punct' && token.text === text;
  }

  private skipComma(): void {
    const token = this.tokens[this.#pos];
    if (token?.kind === 'punct' && token.text === ',') this.#pos++;
  }

  private expect(text: string): void {
    const token = this.tokens[this.#pos++];
    if (!token || token.kind !== 'punct' || token.text !== text) {
      throw new HclSyntaxError(`At ${token?.at ?? 'end'}: expected '${text}'`);
    }
  }
}

function bodyToObject(body: HclBody): { [key: string]: HclValue } {
  const out: { [key: string]: HclValue } = Object.fromEntries(body.attributes);
  for (const block of body.blocks) {
    let target = out;
    for (const label of [block.type, ...block.labels.slice(0, -1)]) {
      target = (target[label] ??= {}) as { [key: string]: HclValue };
    }
    const last = block.labels.length
      ? block.labels[block.labels.length - 1]
      : block.type;
    if (block.labels.length) target[last] = bodyToObject(block.body);
    else out[block.type] = bodyToObject(block.body);
  }
  return out;
}

export function parseHcl(source: string): HclBody {
  return new Parser(tokenize(source)).parseBody();
}
