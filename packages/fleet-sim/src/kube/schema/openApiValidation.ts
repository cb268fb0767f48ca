import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { StatusCause } from '../apiErrors';
import { childPath } from './structuralSchema';

/**
 * OpenAPI v3 validation of a custom resource with ajv, reporting errors the way kube-openapi's
 * validator words them (`spec.x in body must be of type string: "integer"`, `Unsupported value`,
 * `Required value`, ...).
 */

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

let sharedAjv: Ajv | undefined;

function ajv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({
      allErrors: true,
      strict: false,
      validateSchema: false,
    });
    sharedAjv.addFormat('date-time', RFC3339);
    sharedAjv.addFormat('byte', BASE64);
    sharedAjv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31,
    });
    sharedAjv.addFormat('int64', { type: 'number', validate: () => true });
  }
  return sharedAjv;
}

/** Drops the x-kubernetes-* extensions (handled by the structural walk) and maps int-or-string. */
export function toAjvSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (
      key.startsWith('x-kubernetes-') ||
      key === 'default' ||
      key === 'description'
    )
      continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as object).map(([k, v]) => [k, toAjvSchema(v)]),
      );
    } else {
      out[key] = toAjvSchema(value);
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  return out;
}

export function compileOpenApiValidator(schema: any): ValidateFunction {
  const forAjv = toAjvSchema(schema);
  // ObjectMeta is validated by the server's own rules, not by the CRD schema.
  if (forAjv.properties?.metadata)
    forAjv.properties.metadata = { type: 'object' };
  return ajv().compile(forAjv);
}

function fieldPath(instancePath: string): string {
  if (!instancePath) return '';
  return instancePath
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, seg) => {
      if (/^\d+$/.test(seg)) return childPath(path, Number(seg));
      if (!/^[A-Za-z0-9_$-]+$/.test(seg)) return childPath(path, seg, true);
      return childPath(path, seg);
    }, '');
}

/** Go's %v-ish rendering of an invalid value as it appears after `Invalid value: `. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? '"array"' : '"object"';
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, instancePath: string): unknown {
  if (!instancePath) return root;
  return instancePath
    .slice(1)
    .split('/')
    .reduce<any>(
      (v, seg) => v?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')],
      root,
    );
}

export function toStatusCauses(
  errors: ErrorObject[],
  root: unknown,
): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const e of errors) {
    const path = fieldPath(e.instancePath);
    const value = valueAt(root, e.instancePath);
    const p = e.params as Record<string, any>;
    const cause = (reason: string, field: string, message: string) =>
      causes.push({ reason, message, field });
    switch (e.keyword) {
      case 'required':
        cause(
          'FieldValueRequired',
          childPath(path, p.missingProperty),
          'Required value',
        );
        break;
      case 'enum':
        cause(
          'FieldValueNotSupported',
          path,
          `Unsupported value: ${goValue(
            value,
          )}: supported values: ${p.allowedValues
            .map((v: unknown) => JSON.stringify(v))
            .join(', ')}`,
        );
        break;
      case 'type': {
        const expected = Array.isArray(p.type) ? p.type.join(',') : p.type;
        const actual = jsonType(value);
        cause(
          'FieldValueTypeInvalid',
          path,
          `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"`,
        );
        break;
      }
      case 'pattern':
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${goValue(value)}: ${path} in body should match '${
            p.pattern
          }'`,
        );
        break;
      case 'format':
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${goValue(value)}: ${path} in body must be of type ${
            p.format
          }: ${goValue(value)}`,
        );
        break;
      case 'maxLength':
        cause(
          'FieldValueTooLong',
          path,
          `Too long: may not be more than ${p.limit} bytes`,
        );
        break;
      case 'minLength':
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${goValue(
            value,
          )}: ${path} in body should be at least ${p.limit} chars long`,
        );
        break;
      case 'maxItems':
        cause(
          'FieldValueTooMany',
          path,
          `Too many: ${(value as unknown[]).length}: must have at most ${
            p.limit
          } items`,
        );
        break;
      case 'minItems':
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${
            (value as unknown[]).length
          }: ${path} in body should have at least ${p.limit} items`,
        );
        break;
      case 'maxProperties':
        cause(
          'FieldValueTooMany',
          path,
          `Too many: ${
            Object.keys(value as object).length
          }: must have at most ${p.limit} items`,
        );
        break;
      case 'minProperties':
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${
            Object.keys(value as object).length
          }: ${path} in body should have at least ${p.limit} properties`,
        );
        break;
      case 'maximum':
      case 'minimum': {
        const relation =
          e.keyword === 'maximum'
            ? 'less than or equal to'
            : 'greater than or equal to';
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${goValue(
            value,
          )}: ${path} in body should be ${relation} ${p.limit}`,
        );
        break;
      }
      case 'anyOf':
      case 'oneOf':
        // the branch errors were reported individually
        break;
      default:
        cause(
          'FieldValueInvalid',
          path,
          `Invalid value: ${goValue(value)}: ${e.message ?? e.keyword}`,
        );
    }
  }
  return causes;
}
