import { loadEsoCrds } from '../esoCrds';
import {
  MERGE_KEYS,
  MERGED_PRIMITIVE_LISTS,
} from '../patch/strategicMergePatch';
import { ResourceDefinition } from '../resourceDefinition';

/**
 * How structured-merge-diff treats each field of a kind (its schema.ElementRelationship): a struct
 * has declared fields, a map has free keys (labels, Secret data, additionalProperties), atomic
 * values are owned and replaced whole, lists are atomic unless `x-kubernetes-list-type` says `map`
 * (items keyed by `x-kubernetes-list-map-keys`) or `set`. Built-in kinds take this from the
 * k8s.io/api struct tags (`+listType`, `+listMapKey`, patchMergeKey, `+structType=atomic`); custom
 * resources from their CRD's OpenAPI schema, where lists default to atomic and fields the schema
 * leaves open (`x-kubernetes-preserve-unknown-fields`) are deduced: maps granular, lists atomic.
 */
export type Relationship =
  | { kind: 'struct' }
  | { kind: 'map' }
  | { kind: 'atomic' }
  | { kind: 'untyped' }
  | { kind: 'listMap'; keys: string[]; atomicItems?: boolean }
  | { kind: 'set' };

export interface FieldTypes {
  /** the relationship of the value at a field path (list items dropped from the path) */
  at(names: readonly string[]): Relationship;
}

const STRUCT: Relationship = { kind: 'struct' };
const MAP: Relationship = { kind: 'map' };
const ATOMIC: Relationship = { kind: 'atomic' };
const UNTYPED: Relationship = { kind: 'untyped' };
const SET: Relationship = { kind: 'set' };

/** map[string]string and map[ResourceName]Quantity fields of the built-in kinds we serve. */
const BUILTIN_MAPS = [
  /(^|\.)metadata\.(labels|annotations)$/,
  /^(data|stringData|binaryData)$/,
  /(^|\.)nodeSelector$/,
  /\.resources\.(limits|requests)$/,
  /(^|\.)matchLabels$/,
];

/** +structType=atomic / +mapType=atomic fields (LabelSelector of workloads). */
const BUILTIN_ATOMIC = [/^spec\.selector$/];

/** +listMapKey where the list has more than its patchMergeKey. */
const BUILTIN_LIST_KEYS: Record<string, string[]> = {
  'spec.template.spec.containers.ports': ['containerPort', 'protocol'],
  'spec.template.spec.initContainers.ports': ['containerPort', 'protocol'],
  'spec.ports': ['port', 'protocol'],
};

const builtinTypes: FieldTypes = {
  at(names) {
    const path = names.join('.');
    if (!path) return STRUCT;
    if (BUILTIN_ATOMIC.some(r => r.test(path))) return ATOMIC;
    if (BUILTIN_MAPS.some(r => r.test(path))) return MAP;
    // OwnerReference is +structType=atomic: its items are owned whole
    if (/(^|\.)metadata\.ownerReferences$/.test(path))
      return { kind: 'listMap', keys: ['uid'], atomicItems: true };
    const keys = BUILTIN_LIST_KEYS[path];
    if (keys) return { kind: 'listMap', keys };
    if (MERGE_KEYS[path]) return { kind: 'listMap', keys: [MERGE_KEYS[path]] };
    if (MERGED_PRIMITIVE_LISTS.has(path)) return SET;
    return STRUCT;
  },
};

/** The fields of ObjectMeta, which a CRD schema leaves to the server. */
const OBJECT_META_TYPES: FieldTypes = {
  at(names) {
    return builtinTypes.at(['metadata', ...names]);
  },
};

interface SchemaNode {
  raw: any;
  properties?: Map<string, SchemaNode>;
  additional?: SchemaNode;
  items?: SchemaNode;
}

function compile(raw: any): SchemaNode {
  const node: SchemaNode = { raw };
  if (raw?.properties) {
    node.properties = new Map(
      Object.entries<any>(raw.properties).map(([k, v]) => [k, compile(v)]),
    );
  }
  if (raw?.additionalProperties && typeof raw.additionalProperties === 'object')
    node.additional = compile(raw.additionalProperties);
  if (raw?.items) node.items = compile(raw.items);
  return node;
}

function relationshipOf(node: SchemaNode | undefined): Relationship {
  if (!node) return UNTYPED;
  const raw = node.raw ?? {};
  if (raw.type === 'array' || node.items) {
    if (raw['x-kubernetes-list-type'] === 'map') {
      return {
        kind: 'listMap',
        keys: raw['x-kubernetes-list-map-keys'] ?? [],
        atomicItems: node.items?.raw?.['x-kubernetes-map-type'] === 'atomic',
      };
    }
    if (raw['x-kubernetes-list-type'] === 'set') return SET;
    return ATOMIC;
  }
  if (raw['x-kubernetes-map-type'] === 'atomic') return ATOMIC;
  if (node.properties) return STRUCT;
  if (node.additional) return MAP;
  if (raw.type === 'object' || raw['x-kubernetes-preserve-unknown-fields'])
    return UNTYPED;
  return ATOMIC;
}

class CrdFieldTypes implements FieldTypes {
  readonly #root: SchemaNode;

  constructor(schema: unknown) {
    this.#root = compile(schema);
  }

  at(names: readonly string[]): Relationship {
    if (names[0] === 'metadata') return OBJECT_META_TYPES.at(names.slice(1));
    let node: SchemaNode | undefined = this.#root;
    for (const name of names) {
      while (node?.items) node = node.items;
      if (!node) return UNTYPED;
      node = node.properties?.get(name) ?? node.additional;
      if (!node) return UNTYPED;
    }
    return relationshipOf(node);
  }
}

const crdTypes = new Map<string, FieldTypes>();

export function fieldTypesFor(
  def: ResourceDefinition,
  version = def.storageVersion,
): FieldTypes {
  if (!def.custom) return builtinTypes;
  const key = `${def.kind}/${version}`;
  let types = crdTypes.get(key);
  if (!types) {
    const crd = loadEsoCrds().find(c => c.kind === def.kind);
    const schema = (
      crd?.versions.find(v => v.name === version) ??
      crd?.versions.find(v => v.storage)
    )?.schema;
    types = schema ? new CrdFieldTypes(schema) : builtinTypes;
    crdTypes.set(key, types);
  }
  return types;
}
