import { deepEqual } from '../objectUtil';
import { FieldSet, fieldElement } from './fieldSet';
import { FieldTypes, Relationship } from './fieldTypes';

/**
 * The two walks structured-merge-diff makes over typed values: Compare (typed/compare.go: which
 * paths an update added, modified or removed; a map that appears or disappears is itself a path,
 * a list is not, its items are) and ToFieldSet (typed/tofieldset.go: the paths an applied
 * configuration sets; leaves, list items, and map entries that are free keys, null or empty).
 */
type Obj = Record<string, unknown>;

export function isMap(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STRUCT: Relationship = { kind: 'struct' };

/** The path element of a list item (listItemToPathElement). */
export function itemElement(
  item: unknown,
  rel: Relationship,
  index: number,
): string {
  if (rel.kind === 'listMap' && isMap(item) && rel.keys.length) {
    const key: Obj = {};
    for (const k of [...rel.keys].sort())
      if (item[k] !== undefined) key[k] = item[k];
    return `k:${JSON.stringify(key)}`;
  }
  if (rel.kind === 'set') return `v:${JSON.stringify(item)}`;
  return `i:${index}`;
}

export function isAssociative(rel: Relationship): boolean {
  return rel.kind === 'listMap' || rel.kind === 'set';
}

export function itemsByElement(
  list: unknown,
  rel: Relationship,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  list.forEach((item, i) => {
    const element = itemElement(item, rel, i);
    // duplicates are ignored, as the Go walker does
    if (!out.has(element)) out.set(element, item);
  });
  return out;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareObjects(
  types: FieldTypes,
  before: Obj,
  after: Obj,
): Comparison {
  const out: Comparison = {
    added: new FieldSet(),
    modified: new FieldSet(),
    removed: new FieldSet(),
  };
  compareMap(types, out, before, after, [], []);
  return out;
}

export function isSame(c: Comparison): boolean {
  return c.added.empty && c.modified.empty && c.removed.empty;
}

function compareMap(
  types: FieldTypes,
  out: Comparison,
  l: Obj | undefined,
  r: Obj | undefined,
  names: string[],
  path: string[],
): void {
  const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
  for (const key of keys) {
    compareValue(
      types,
      out,
      l?.[key],
      r?.[key],
      [...names, key],
      [...path, fieldElement(key)],
    );
  }
}

const isEmptyish = (v: unknown) =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isMap(v) && Object.keys(v).length === 0);

/**
 * typed.compare: a non-leaf value that appears or disappears is itself added or removed (null
 * counts as present); values empty on both sides, atomic values and scalars are leaves.
 */
function compareValue(
  types: FieldTypes,
  out: Comparison,
  l: unknown,
  r: unknown,
  names: string[],
  path: string[],
  itemOf?: Relationship,
): void {
  if (l === undefined && r === undefined) return;
  const rel = itemOf ? STRUCT : types.at(names);
  const atomic =
    rel.kind === 'atomic' ||
    (itemOf?.kind === 'listMap' && itemOf.atomicItems === true) ||
    itemOf?.kind === 'set';
  if (atomic || (isEmptyish(l) && isEmptyish(r))) {
    compareLeaf(out, l, r, path);
    return;
  }
  const mapLike = (v: unknown) => v === undefined || v === null || isMap(v);
  const listLike = (v: unknown) =>
    v === undefined || v === null || Array.isArray(v);
  if (mapLike(l) && mapLike(r)) {
    compareMap(types, out, (l ?? {}) as Obj, (r ?? {}) as Obj, names, path);
  } else if (isAssociative(rel) && listLike(l) && listLike(r)) {
    const left = itemsByElement(l, rel);
    const right = itemsByElement(r, rel);
    for (const [element, item] of left) {
      compareValue(
        types,
        out,
        item,
        right.get(element),
        names,
        [...path, element],
        rel,
      );
    }
    for (const [element, item] of right) {
      if (!left.has(element)) {
        compareValue(
          types,
          out,
          undefined,
          item,
          names,
          [...path, element],
          rel,
        );
      }
    }
  } else {
    compareLeaf(out, l, r, path);
    return;
  }
  if (l === undefined) out.added.insert(path);
  else if (r === undefined) out.removed.insert(path);
}

function compareLeaf(
  out: Comparison,
  l: unknown,
  r: unknown,
  path: string[],
): void {
  if (l === undefined) out.added.insert(path);
  else if (r === undefined) out.removed.insert(path);
  else if (!deepEqual(l, r)) out.modified.insert(path);
}

/** The fields an applied configuration sets. */
export function toFieldSet(types: FieldTypes, config: Obj): FieldSet {
  const out = new FieldSet();
  setOfMap(types, out, config, [], [], STRUCT);
  return out;
}

function setOfMap(
  types: FieldTypes,
  out: FieldSet,
  m: Obj,
  names: string[],
  path: string[],
  rel: Relationship,
): void {
  for (const [key, value] of Object.entries(m)) {
    if (value === undefined) continue;
    const childNames = [...names, key];
    const childPath = [...path, fieldElement(key)];
    setOfValue(types, out, value, childNames, childPath);
    const emptyMap = isMap(value) && Object.keys(value).length === 0;
    if (value === null || emptyMap || rel.kind !== 'struct')
      out.insert(childPath);
  }
}

function setOfValue(
  types: FieldTypes,
  out: FieldSet,
  value: unknown,
  names: string[],
  path: string[],
): void {
  const rel = types.at(names);
  if (rel.kind === 'atomic') {
    out.insert(path);
  } else if (isMap(value)) {
    setOfMap(types, out, value, names, path, rel);
  } else if (Array.isArray(value) && isAssociative(rel)) {
    value.forEach((item, i) => {
      const itemPath = [...path, itemElement(item, rel, i)];
      if (rel.kind === 'listMap' && !rel.atomicItems && isMap(item))
        setOfMap(types, out, item, names, itemPath, STRUCT);
      out.insert(itemPath);
    });
  } else {
    out.insert(path);
  }
}
