/**
 * A set of field paths in the encoding of sigs.k8s.io/structured-merge-diff (fieldpath.Set and its
 * FieldsV1 serialisation, fieldpath/serialize.go): path elements are `f:<field>`,
 * `k:<JSON object of key fields>` (associative list item), `v:<JSON value>` (set item) and
 * `i:<index>`. A node is a member when the path itself is in the set; a node with members below
 * it and itself a member serialises with a `.` entry, exactly as the API server writes fieldsV1.
 */
export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromFieldsV1(encoded: unknown): FieldSet {
    const set = new FieldSet();
    set.#read(encoded);
    return set;
  }

  #read(encoded: unknown): void {
    if (!encoded || typeof encoded !== 'object' || Array.isArray(encoded)) {
      throw new Error('expected an object in fieldsV1');
    }
    for (const [key, value] of Object.entries(encoded)) {
      if (key === '.') {
        this.member = true;
        continue;
      }
      if (!/^[fkvi]:/.test(key)) {
        throw new Error(`parsing JSON: unknown path element prefix ${key}`);
      }
      const child = this.#child(key);
      const empty =
        value && typeof value === 'object' && !Object.keys(value).length;
      if (empty) child.member = true;
      else child.#read(value);
    }
  }

  #child(element: string): FieldSet {
    let child = this.children.get(element);
    if (!child) {
      child = new FieldSet();
      this.children.set(element, child);
    }
    return child;
  }

  insert(path: readonly string[]): void {
    if (path.length === 0) this.member = true;
    else this.#child(path[0]).insert(path.slice(1));
  }

  has(path: readonly string[]): boolean {
    if (path.length === 0) return this.member;
    return this.children.get(path[0])?.has(path.slice(1)) ?? false;
  }

  get empty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.empty) return false;
    return true;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [k, v] of this.children) out.children.set(k, v.copy());
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    out.#addAll(other);
    return out;
  }

  #addAll(other: FieldSet): void {
    this.member ||= other.member;
    for (const [k, v] of other.children) this.#child(k).#addAll(v);
  }

  /** Members of this set that are not members of `other` (fieldpath.Set.Difference). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [k, v] of this.children) {
      const o = other.children.get(k);
      const d = o ? v.difference(o) : v.copy();
      if (!d.empty) out.children.set(k, d);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [k, v] of this.children) {
      const o = other.children.get(k);
      if (!o) continue;
      const i = v.intersection(o);
      if (!i.empty) out.children.set(k, i);
    }
    return out;
  }

  /** Every member path, members of a level before its children, each level sorted (Set.Iterate). */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    const sorted = [...this.children.keys()].sort(compareElements);
    for (const k of sorted)
      if (this.children.get(k)!.member) out.push([...prefix, k]);
    for (const k of sorted)
      out.push(...this.children.get(k)!.paths([...prefix, k]));
    return out;
  }

  /** The FieldsV1 JSON object (`.` first, then elements in PathElement order). */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const sorted = [...this.children.keys()].sort(compareElements);
    if (this.member && sorted.some(k => !this.children.get(k)!.empty)) {
      out['.'] = {};
    }
    for (const k of sorted) {
      const child = this.children.get(k)!;
      if (!child.empty) out[k] = child.toFieldsV1();
    }
    return out;
  }
}

const KIND_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function compareValues(a: unknown, b: unknown): number {
  const RANKS: Record<string, number> = { boolean: 1, number: 2, string: 3 };
  const rank = (v: unknown) => (v === null ? 0 : RANKS[typeof v] ?? 4);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  if (sa === sb) return 0;
  return sa < sb ? -1 : 1;
}

/** PathElement.Compare: field names, then keys, then values, then indices. */
export function compareElements(a: string, b: string): number {
  const ka = KIND_ORDER[a[0]];
  const kb = KIND_ORDER[b[0]];
  if (ka !== kb) return ka - kb;
  const ra = a.slice(2);
  const rb = b.slice(2);
  if (a[0] === 'f') {
    if (ra === rb) return 0;
    return ra < rb ? -1 : 1;
  }
  if (a[0] === 'i') return Number(ra) - Number(rb);
  if (a[0] === 'v') return compareValues(JSON.parse(ra), JSON.parse(rb));
  const fa = Object.entries(JSON.parse(ra) as Record<string, unknown>);
  const fb = Object.entries(JSON.parse(rb) as Record<string, unknown>);
  for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
    if (fa[i][0] !== fb[i][0]) return fa[i][0] < fb[i][0] ? -1 : 1;
    const c = compareValues(fa[i][1], fb[i][1]);
    if (c !== 0) return c;
  }
  return fa.length - fb.length;
}

function goQuote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** fieldpath.Path.String(): `.spec.containers[name="app"].image`, `[="a"]`, `[0]`. */
export function pathString(path: readonly string[]): string {
  return path
    .map(element => {
      const rest = element.slice(2);
      switch (element[0]) {
        case 'f':
          return `.${rest}`;
        case 'i':
          return `[${rest}]`;
        case 'v':
          return `[=${goQuote(JSON.parse(rest))}]`;
        default:
          return `[${Object.entries(JSON.parse(rest) as Record<string, unknown>)
            .map(([k, v]) => `${k}=${goQuote(v)}`)
            .join(',')}]`;
      }
    })
    .join('');
}

export const fieldElement = (name: string) => `f:${name}`;
