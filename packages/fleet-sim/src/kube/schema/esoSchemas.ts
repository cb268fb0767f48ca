import { ValidateFunction } from 'ajv';
import { StatusCause } from '../apiErrors';
import { loadEsoCrds } from '../esoCrds';
import { KubeObject } from '../types';
import { compileOpenApiValidator, toStatusCauses } from './openApiValidation';
import {
  SchemaNode,
  compileSchemaNode,
  pruneDefaultAndCheck,
} from './structuralSchema';

/** Compiled, per kind and version, on first use: the SecretStore schemas alone are 600 KB. */
interface CompiledSchema {
  structural: SchemaNode;
  openApi: ValidateFunction;
}

const compiled = new Map<string, CompiledSchema>();

function compiledSchema(
  kind: string,
  version: string,
): CompiledSchema | undefined {
  const cacheKey = `${kind}/${version}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    const crd = loadEsoCrds().find(c => c.kind === kind);
    const crdVersion = crd?.versions.find(v => v.name === version);
    if (!crdVersion) return undefined;
    entry = {
      structural: compileSchemaNode(crdVersion.schema),
      openApi: compileOpenApiValidator(crdVersion.schema),
    };
    compiled.set(cacheKey, entry);
  }
  return entry;
}

export interface CustomResourceCheck {
  /** fields the server pruned because the schema does not declare them */
  unknownFields: string[];
  /** schema and CEL violations; empty when valid */
  causes: StatusCause[];
}

/**
 * What the API server does to a custom resource on write: prune, default, validate.
 * Mutates `obj`. Throws if the kind/version has no schema (a caller bug, not a client error).
 */
export function admitCustomResource(
  obj: KubeObject,
  kind: string,
  version: string,
): CustomResourceCheck {
  const schema = compiledSchema(kind, version);
  if (!schema) throw new Error(`no CRD schema for ${kind} ${version}`);
  const structural = pruneDefaultAndCheck(schema.structural, obj);
  const causes = schema.openApi(obj)
    ? []
    : toStatusCauses(schema.openApi.errors ?? [], obj);
  return {
    unknownFields: structural.unknownFields,
    causes: [...causes, ...structural.causes],
  };
}

export interface EsoValidationResult {
  valid: boolean;
  /** `field: message` lines, unknown (would-be-pruned) fields included */
  errors: string[];
}

/**
 * For tests of other parts: does this ESO object (status included) satisfy its CRD schema exactly
 * as written, i.e. without fields the server would prune and without violations?
 */
export function validateEsoObject(obj: KubeObject): EsoValidationResult {
  const [group, version] = String(obj.apiVersion ?? '').split('/');
  if (group !== 'external-secrets.io' || !version) {
    return {
      valid: false,
      errors: [`apiVersion: Invalid value: "${obj.apiVersion}"`],
    };
  }
  const schema = compiledSchema(obj.kind, version);
  if (!schema) {
    return {
      valid: false,
      errors: [`kind: no CRD schema for ${obj.kind} in ${obj.apiVersion}`],
    };
  }
  const copy = structuredClone(obj);
  const check = admitCustomResource(copy, obj.kind, version);
  const errors = [
    ...check.unknownFields.map(f => `${f}: unknown field`),
    ...check.causes.map(c =>
      c.field ? `${c.field}: ${c.message}` : c.message,
    ),
  ];
  return { valid: errors.length === 0, errors };
}
