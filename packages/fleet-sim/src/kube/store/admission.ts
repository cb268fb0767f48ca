import { badRequest, invalid, StatusCause } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import { admitCustomResource } from '../schema/esoSchemas';
import { KubeObject } from '../types';
import { admitBuiltin } from './builtinAdmission';
import { validateObjectMeta } from './objectMeta';
import { WriteOptions } from './writeOptions';
import { validatingWebhooksFor } from './validatingWebhooks';

/**
 * Defaulting and validation of every write (create, update, status): ObjectMeta rules, then the
 * CRD structural schema (prune, default, OpenAPI + CEL) or the built-in kind's rules, then the
 * registered validating admission webhooks (validatingWebhooks.ts), which a real server calls
 * after the registry's own validation passed. Mutates `obj`; throws 422 Invalid, or 400 for
 * unknown fields under fieldValidation=Strict, or the webhook's denial.
 */
export function admit(
  def: ResourceDefinition,
  obj: KubeObject,
  old: KubeObject | undefined,
  options: WriteOptions,
  subresource = '',
): void {
  const causes: StatusCause[] = validateObjectMeta(def, obj);
  if (def.custom) {
    const version = options.version ?? def.storageVersion;
    const check = admitCustomResource(obj, def.kind, version);
    const unknown = check.unknownFields.map(f => `unknown field "${f}"`);
    if (unknown.length && options.fieldValidation === 'Strict') {
      throw badRequest(
        `${def.kind} in version "${version}" cannot be handled as a ${
          def.kind
        }: strict decoding error: ${unknown.join(', ')}`,
      );
    }
    if (options.fieldValidation !== 'Ignore')
      options.warnings?.push(...unknown);
    causes.push(...check.causes);
  } else {
    causes.push(...admitBuiltin(def, obj, old, options.view));
  }
  if (causes.length) {
    const group = (options.view ?? def).ref.group;
    throw invalid(def.kind, group, obj.metadata.name ?? '', causes);
  }
  const operation = old ? 'UPDATE' : 'CREATE';
  for (const webhook of validatingWebhooksFor(def, operation, subresource)) {
    webhook.validate({
      operation,
      object: obj,
      oldObject: old,
      version: options.version ?? def.storageVersion,
    });
  }
}
