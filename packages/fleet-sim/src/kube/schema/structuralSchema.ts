import { StatusCause } from '../apiErrors';
import { CompiledRule, compileCelRule } from './celSubset';

/**
 * What the API server does to a custom resource before OpenAPI validation: prune fields the
 * structural schema does not declare, drop nulls for non-nullable fields, apply `default`s, and
 * evaluate x-kubernetes-validations (CEL) rules.
 */
export interface SchemaNode {
  properties?: Map<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  preserveUnknownFields: boolean;
  nullable: boolean;
  defaults: Array<[string, unknown]>;
  rules: Array<{ check: CompiledRule; message: string; rule: string }>;
}

export function compileSchemaNode(schema: any): SchemaNode {
  const node: SchemaNode = {
    preserveUnknownFields:
      schema['x-kubernetes-preserve-unknown-fields'] === true,
    nullable: schema.nullable === true,
    defaults: [],
    rules: (schema['x-kubernetes-validations'] ?? []).map((v: any) => ({
      check: compileCelRule(v.rule),
      message: v.message ?? `failed rule: ${v.rule}`,
      rule: v.rule,
    })),
  };
  if (schema.properties) {
    node.properties = new Map();
    for (const [key, child] of Object.entries<any>(schema.properties)) {
      node.properties.set(key, compileSchemaNode(child));
      if (child.default !== undefined) node.defaults.push([key, child.default]);
    }
  }
  if (
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    node.additionalProperties = compileSchemaNode(schema.additionalProperties);
  }
  if (schema.items) node.items = compileSchemaNode(schema.items);
  return node;
}

/** Path syntax of field.Path: `spec.data[0].remoteRef`, map keys as `[key]`. */
export function childPath(
  parent: string,
  key: string | number,
  mapKey = false,
): string {
  if (typeof key === 'number' || mapKey) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

export interface StructuralResult {
  /** paths of pruned unknown fields, e.g. `spec.foo` */
  unknownFields: string[];
  causes: StatusCause[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Mutates `obj` in place (prune, default) and returns unknown fields and CEL violations.
 * The root's apiVersion/kind/metadata are left alone: ObjectMeta is validated separately.
 */
export function pruneDefaultAndCheck(
  root: SchemaNode,
  obj: Record<string, unknown>,
): StructuralResult {
  const result: StructuralResult = { unknownFields: [], causes: [] };
  walkObject(root, obj, '', result, true);
  return result;
}

function walk(
  node: SchemaNode,
  value: unknown,
  path: string,
  result: StructuralResult,
): void {
  if (isPlainObject(value)) walkObject(node, value, path, result, false);
  else if (Array.isArray(value) && node.items) {
    value.forEach((item, i) =>
      walk(node.items!, item, childPath(path, i), result),
    );
  }
}

function walkObject(
  node: SchemaNode,
  value: Record<string, unknown>,
  path: string,
  result: StructuralResult,
  isRoot: boolean,
): void {
  for (const key of Object.keys(value)) {
    if (
      isRoot &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata')
    )
      continue;
    const child = node.properties?.get(key);
    if (child) {
      if (value[key] === null && !child.nullable) delete value[key];
      else walk(child, value[key], childPath(path, key), result);
    } else if (node.additionalProperties) {
      if (value[key] === null && !node.additionalProperties.nullable)
        delete value[key];
      else
        walk(
          node.additionalProperties,
          value[key],
          childPath(path, key, true),
          result,
        );
    } else if (!node.preserveUnknownFields) {
      result.unknownFields.push(childPath(path, key));
      delete value[key];
    }
  }
  for (const [key, def] of node.defaults) {
    if (value[key] === undefined) {
      value[key] = structuredClone(def);
      walk(
        node.properties!.get(key)!,
        value[key],
        childPath(path, key),
        result,
      );
    }
  }
  for (const rule of node.rules) {
    if (!rule.check(value)) {
      result.causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "object": ${rule.message}`,
        field: path,
      });
    }
  }
}
