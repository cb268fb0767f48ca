import { isObject } from './jsonMergePatch';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for the built-in kinds we
 * serve. Maps merge like a JSON merge patch; lists merge by the patchMergeKey the Go types declare
 * (containers by name, env by name, ...) or are replaced; the `$patch`, `$retainKeys`,
 * `$setElementOrder/` and `$deleteFromPrimitiveList/` directives are honoured.
 */

/** Field path (list indices dropped) -> patchMergeKey, from the k8s.io/api struct tags. */
export const MERGE_KEYS: Record<string, string> = {
  'metadata.ownerReferences': 'uid',
  'spec.template.metadata.ownerReferences': 'uid',
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.ephemeralContainers': 'name',
  'spec.template.spec.volumes': 'name',
  'spec.template.spec.imagePullSecrets': 'name',
  'spec.template.spec.containers.env': 'name',
  'spec.template.spec.containers.ports': 'containerPort',
  'spec.template.spec.containers.volumeMounts': 'mountPath',
  'spec.template.spec.containers.volumeDevices': 'devicePath',
  'spec.template.spec.initContainers.env': 'name',
  'spec.template.spec.initContainers.ports': 'containerPort',
  'spec.template.spec.initContainers.volumeMounts': 'mountPath',
  'spec.template.spec.hostAliases': 'ip',
  'spec.template.spec.topologySpreadConstraints': 'topologyKey',
  'spec.template.spec.resourceClaims': 'name',
  'status.conditions': 'type',
  secrets: 'name',
  imagePullSecrets: 'name',
};

/** Primitive lists with patchStrategy merge (set union). */
export const MERGED_PRIMITIVE_LISTS = new Set([
  'metadata.finalizers',
  'spec.template.metadata.finalizers',
]);

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
): unknown {
  return mergeValue(original, patch, '');
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function mergeValue(original: unknown, patch: unknown, path: string): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  return mergeMap(isObject(original) ? original : {}, patch, path);
}

function mergeMap(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
): Record<string, unknown> | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  const result: Record<string, unknown> = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER))
      continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE.length);
      const drop = new Set((value as unknown[]) ?? []);
      if (Array.isArray(result[field])) {
        result[field] = (result[field] as unknown[]).filter(v => !drop.has(v));
      }
      continue;
    }
    const fieldPath = join(path, key);
    if (value === null) delete result[key];
    else if (Array.isArray(value))
      result[key] = mergeList(result[key], value, fieldPath);
    else if (isObject(value)) {
      const merged = mergeMap(
        isObject(result[key]) ? (result[key] as Record<string, unknown>) : {},
        value,
        fieldPath,
      );
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  if (Array.isArray(patch.$retainKeys)) {
    const retain = new Set(patch.$retainKeys as string[]);
    for (const key of Object.keys(result))
      if (!retain.has(key)) delete result[key];
  }
  return result;
}

function mergeList(
  original: unknown,
  patch: unknown[],
  path: string,
): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
    return structuredClone(
      patch.filter(item => !(isObject(item) && item.$patch === 'replace')),
    );
  }
  if (MERGED_PRIMITIVE_LISTS.has(path)) {
    const out = [...base];
    for (const item of patch) if (!out.includes(item)) out.push(item);
    return out;
  }
  const mergeKey = MERGE_KEYS[path];
  if (!mergeKey) return structuredClone(patch);
  const out = base.map(item => structuredClone(item));
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = out.findIndex(
      o => isObject(o) && o[mergeKey] === item[mergeKey],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] =
        mergeMap(out[index] as Record<string, unknown>, item, path) ??
        out[index];
    } else {
      out.push(mergeMap({}, item, path));
    }
  }
  return out;
}
