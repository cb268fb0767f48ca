import { KubeApiError } from '../types';

/**
 * RFC 6902 JSON patch (`application/json-patch+json`) with the error wording of evanphx/json-patch.
 * The API server does not pass that wording on: it answers a failed operation with a generic 422
 * (http/writeHandlers.ts), so JsonPatchApplyError is for in-process callers and logs.
 */
interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export class JsonPatchApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchApplyError';
  }
}

function applyError(message: string): JsonPatchApplyError {
  return new JsonPatchApplyError(message);
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw applyError(
      `JSON pointer must be empty or start with a "/": ${pointer}`,
    );
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(
  doc: unknown,
  path: string[],
  op: string,
  pointer: string,
): [Container, string] {
  let node: unknown = doc;
  for (const seg of path.slice(0, -1)) {
    node = Array.isArray(node)
      ? node[Number(seg)]
      : (node as Record<string, unknown> | undefined)?.[seg];
    if (node === undefined || node === null || typeof node !== 'object') {
      throw applyError(
        `${op} operation does not apply: doc is missing path: "${pointer}": missing value`,
      );
    }
  }
  return [node as Container, path[path.length - 1]];
}

function arrayIndex(
  arr: unknown[],
  seg: string,
  allowEnd: boolean,
  op: string,
  pointer: string,
): number {
  if (seg === '-' && allowEnd) return arr.length;
  const i = Number(seg);
  if (!/^\d+$/.test(seg) || i > arr.length || (!allowEnd && i === arr.length)) {
    throw applyError(
      `${op} operation does not apply: doc is missing path: "${pointer}": missing value`,
    );
  }
  return i;
}

function getAt(doc: unknown, pointer: string, op: string): unknown {
  let node: unknown = doc;
  for (const seg of decodePointer(pointer)) {
    node = Array.isArray(node)
      ? node[Number(seg)]
      : (node as Record<string, unknown> | undefined)?.[seg];
    if (node === undefined) {
      throw applyError(
        `${op} operation does not apply: doc is missing path: "${pointer}": missing value`,
      );
    }
  }
  return node;
}

function add(
  doc: unknown,
  pointer: string,
  value: unknown,
  op = 'add',
): unknown {
  const path = decodePointer(pointer);
  if (path.length === 0) return value;
  const [parent, key] = parentOf(doc, path, op, pointer);
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, key, true, op, pointer), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string, op = 'remove'): unknown {
  const path = decodePointer(pointer);
  const [parent, key] = parentOf(doc, path, op, pointer);
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, key, false, op, pointer), 1);
  else {
    if (!(key in parent)) {
      throw applyError(
        `${op} operation does not apply: doc is missing path: "${pointer}": missing value`,
      );
    }
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(
  document: unknown,
  operations: unknown,
): unknown {
  if (!Array.isArray(operations)) {
    throw new KubeApiError(
      400,
      'BadRequest',
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = structuredClone(document);
  for (const raw of operations as Operation[]) {
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace': {
        getAt(doc, raw.path, 'replace');
        doc = remove(doc, raw.path, 'replace');
        doc = add(doc, raw.path, structuredClone(raw.value), 'replace');
        break;
      }
      case 'move': {
        const value = getAt(doc, raw.from ?? '', 'move');
        doc = remove(doc, raw.from ?? '', 'move');
        doc = add(doc, raw.path, value, 'move');
        break;
      }
      case 'copy':
        doc = add(
          doc,
          raw.path,
          structuredClone(getAt(doc, raw.from ?? '', 'copy')),
          'copy',
        );
        break;
      case 'test':
        if (
          JSON.stringify(getAt(doc, raw.path, 'test')) !==
          JSON.stringify(raw.value)
        ) {
          throw applyError(`testing value ${raw.path} failed: test failed`);
        }
        break;
      default:
        throw applyError(`Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}
