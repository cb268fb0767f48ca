import { StatusCause } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import { KubeObject, ObjectMeta } from '../types';
import { pathSegmentNameProblems } from '../rbac/rbacName';

/** ObjectMeta rules the API server applies to every kind (apimachinery validation + rest.BeforeCreate). */

const META_ORDER: Array<
  keyof ObjectMeta | 'generateName' | 'deletionGracePeriodSeconds'
> = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** Orders fields like the server serialises them: type meta, metadata, body, status last. */
export function normalizeObject(
  obj: KubeObject,
  apiVersion: string,
  kind: string,
): KubeObject {
  // every write runs this at least twice: plain loops, no entry arrays
  const source = (obj.metadata ?? {}) as unknown as Record<string, unknown>;
  const metadata: Record<string, unknown> = {};
  for (const key of META_ORDER) {
    const value = source[key];
    if (value !== undefined) metadata[key] = value;
  }
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined && key !== 'selfLink' && !(key in metadata)) {
      metadata[key] = value;
    }
  }
  const out: Record<string, unknown> = { apiVersion, kind, metadata };
  const body = obj as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (
      key !== 'apiVersion' &&
      key !== 'kind' &&
      key !== 'metadata' &&
      key !== 'status'
    )
      out[key] = body[key];
  }
  if (obj.status !== undefined) out.status = obj.status;
  return out as KubeObject;
}

export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

export const invalidCause = (
  field: string,
  value: string,
  detail: string,
): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

export function validateObjectMeta(
  def: ResourceDefinition,
  obj: KubeObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const meta = obj.metadata;
  const name = meta.name;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (def.ref.resource === 'namespaces') {
    if (!DNS1123_LABEL.test(name) || name.length > 63)
      causes.push(invalidCause('metadata.name', name, LABEL_MESSAGE));
  } else if (def.ref.group === 'rbac.authorization.k8s.io') {
    for (const detail of pathSegmentNameProblems(name))
      causes.push(invalidCause('metadata.name', name, detail));
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push(invalidCause('metadata.name', name, SUBDOMAIN_MESSAGE));
  }
  if (def.namespaced && !meta.namespace) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.namespace',
      message: 'Required value',
    });
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    if (!QUALIFIED_NAME.test(key))
      causes.push(invalidCause('metadata.labels', key, QUALIFIED_NAME_MESSAGE));
    if (
      typeof value !== 'string' ||
      !LABEL_VALUE.test(value) ||
      value.length > 63
    ) {
      causes.push(
        invalidCause('metadata.labels', String(value), LABEL_VALUE_MESSAGE),
      );
    }
  }
  for (const key of Object.keys(meta.annotations ?? {})) {
    if (!QUALIFIED_NAME.test(key))
      causes.push(
        invalidCause('metadata.annotations', key, QUALIFIED_NAME_MESSAGE),
      );
  }
  const annotationBytes = Object.entries(meta.annotations ?? {}).reduce(
    (n, [k, v]) => n + k.length + String(v).length,
    0,
  );
  if (annotationBytes > 256 * 1024) {
    causes.push({
      reason: 'FieldValueTooLong',
      field: 'metadata.annotations',
      message: `Too long: must have at most 262144 bytes`,
    });
  }
  return causes;
}

/** Kubernetes' generateName suffix: 5 characters from a consonant-and-digit alphabet. */
export function generateNameSuffix(random: () => number = Math.random): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++)
    out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** Everything but metadata and status: the part whose change bumps metadata.generation. */
export function specOf(
  obj: KubeObject,
  def: ResourceDefinition,
): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, status, ...rest } = obj;
  return def.hasStatusSubresource ? rest : { ...rest, status };
}

/** deletionGracePeriodSeconds is not part of the shared ObjectMeta contract but is on the wire. */
export function setGracePeriod(
  meta: ObjectMeta,
  seconds: number | undefined,
): void {
  const raw = meta as unknown as Record<string, unknown>;
  if (seconds === undefined) delete raw.deletionGracePeriodSeconds;
  else raw.deletionGracePeriodSeconds = seconds;
}
