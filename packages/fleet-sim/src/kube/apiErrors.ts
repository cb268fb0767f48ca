import { KubeApiError, ResourceRef } from './types';

/**
 * Factories for the Status errors the real API server returns, with its exact wording
 * (k8s.io/apimachinery/pkg/api/errors). Messages matter: clients and humans match on them.
 */

/** `externalsecrets.external-secrets.io`, or just `secrets` for the core group. */
export function qualifiedResource(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

/** StatusDetails with Go's omitempty: no name/group keys when empty. */
function resourceDetails(ref: ResourceRef, name: string) {
  return {
    name: name || undefined,
    group: ref.group || undefined,
    kind: ref.resource,
  };
}

export function notFound(ref: ResourceRef, name: string): KubeApiError {
  return new KubeApiError(
    404,
    'NotFound',
    `${qualifiedResource(ref)} "${name}" not found`,
    resourceDetails(ref, name),
  );
}

/** The body the server sends for a path that matches no served resource. */
export function pathNotFound(): KubeApiError {
  return new KubeApiError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function alreadyExists(ref: ResourceRef, name: string): KubeApiError {
  return new KubeApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(ref)} "${name}" already exists`,
    resourceDetails(ref, name),
  );
}

export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(
  ref: ResourceRef,
  name: string,
  why = STALE_OBJECT_MESSAGE,
): KubeApiError {
  return new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      ref,
    )} "${name}": ${why}`,
    resourceDetails(ref, name),
  );
}

export function forbidden(
  ref: ResourceRef,
  name: string,
  why: string,
): KubeApiError {
  const subject = name
    ? `${qualifiedResource(ref)} "${name}"`
    : qualifiedResource(ref);
  return new KubeApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: ${why}`,
    resourceDetails(ref, name),
  );
}

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** 422 with the `Kind.group "name" is invalid: field: detail` message of field.ErrorList. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: StatusCause[],
): KubeApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = causes.map(c =>
    c.field ? `${c.field}: ${c.message}` : c.message,
  );
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new KubeApiError(
    422,
    'Invalid',
    `${qualifiedKind} "${name}" is invalid: ${summary}`,
    {
      name,
      group: group || undefined,
      kind,
      // field order as the server serialises StatusCause
      causes: causes.map(c => ({
        reason: c.reason,
        message: c.message,
        field: c.field,
      })),
    },
  );
}

export function badRequest(message: string): KubeApiError {
  return new KubeApiError(400, 'BadRequest', message);
}

/** 410 reason Expired: watch from a compacted resourceVersion, expired continue token. */
export function expired(message: string): KubeApiError {
  return new KubeApiError(410, 'Expired', message);
}

export function gone(message: string): KubeApiError {
  return new KubeApiError(410, 'Gone', message);
}

export function methodNotAllowed(): KubeApiError {
  return new KubeApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function unsupportedMediaType(accepted: string[]): KubeApiError {
  return new KubeApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
  );
}

export function notAcceptable(accepted: string[]): KubeApiError {
  return new KubeApiError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}

export function unauthorized(): KubeApiError {
  return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(cause: string): KubeApiError {
  return new KubeApiError(
    500,
    'InternalError',
    `Internal error occurred: ${cause}`,
    {
      causes: [{ message: cause }],
    },
  );
}

export function serviceUnavailable(): KubeApiError {
  return new KubeApiError(
    503,
    'ServiceUnavailable',
    'the server is currently unable to handle the request',
  );
}

/** Renders an error as the `kind: Status` body the API server sends. */
export function statusBody(error: KubeApiError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
  };
  // Go's omitempty: a webhook's plain error (controller-runtime's Errored) carries no reason
  if (error.reason) body.reason = error.reason;
  if (error.details !== undefined) body.details = error.details;
  body.code = error.code;
  return body;
}

export function isKubeApiError(error: unknown): error is KubeApiError {
  return error instanceof KubeApiError;
}
