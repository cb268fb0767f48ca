/*
 * The part of tidwall/gjson's path syntax ESO users rely on for Vault `property`: dot-separated
 * keys with `\.` escapes, numeric array indexes, and `#` for an array's length. The result is what
 * gjson's Result.String() gives: raw text for strings, JSON text for numbers, booleans, objects
 * and arrays (ESO runs gjson over json.Marshal output, so objects come back key-sorted).
 */
import { goJsonMarshal } from './goJson';

function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\' && i + 1 < path.length) {
      current += path[++i];
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** undefined when the path does not exist (gjson: !val.Exists()). */
export function gjsonGet(root: unknown, path: string): string | undefined {
  let node: unknown = root;
  for (const part of splitPath(path)) {
    if (Array.isArray(node)) {
      if (part === '#') {
        node = node.length;
        continue;
      }
      if (!/^\d+$/.test(part) || Number(part) >= node.length) return undefined;
      node = node[Number(part)];
    } else if (
      node !== null &&
      typeof node === 'object' &&
      Object.hasOwn(node, part)
    ) {
      node = (node as Record<string, unknown>)[part];
    } else {
      return undefined;
    }
  }
  if (typeof node === 'string') return node;
  if (node === null) return '';
  return goJsonMarshal(node);
}
