import { badRequest } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import { KubeObject } from '../types';

/** Field selectors (`fields.ParseSelector`): `a=b`, `a==b`, `a!=b`, comma-separated (AND). */
export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
  extract(obj: KubeObject): string | undefined;
}

export type FieldSelector = FieldRequirement[];

function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i] + text[i + 1];
      i++;
    } else if (text[i] === sep) {
      parts.push(current);
      current = '';
    } else current += text[i];
  }
  parts.push(current);
  return parts;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/**
 * Parses `fieldSelector` against what the resource supports; an unsupported field is a 400
 * `field label not supported: <field>` like the real server.
 */
export function parseFieldSelector(
  text: string | undefined | null,
  def: ResourceDefinition,
): FieldSelector {
  if (!text || !text.trim()) return [];
  return splitUnescaped(text, ',').map(term => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term.trim());
    if (!m)
      throw badRequest(
        `invalid selector: '${text}'; can't understand '${term}'`,
      );
    const field = m[1].trim();
    const extract = def.fieldSelectors[field];
    if (!extract) throw badRequest(`field label not supported: ${field}`);
    return {
      field,
      op: m[2] === '!=' ? 'neq' : 'eq',
      value: unescape(m[3]),
      extract,
    };
  });
}

export function matchesFields(
  selector: FieldSelector,
  obj: KubeObject,
): boolean {
  for (const r of selector) {
    const actual = r.extract(obj) ?? '';
    if ((actual === r.value) !== (r.op === 'eq')) return false;
  }
  return true;
}

/** The single name a selector pins (`metadata.name=x`), so a list can do a point lookup. */
export function pinnedName(selector: FieldSelector): string | undefined {
  return selector.find(r => r.field === 'metadata.name' && r.op === 'eq')
    ?.value;
}

export function pinnedNamespace(selector: FieldSelector): string | undefined {
  return selector.find(r => r.field === 'metadata.namespace' && r.op === 'eq')
    ?.value;
}
