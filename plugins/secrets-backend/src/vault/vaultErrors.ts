import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** node-vault's ApiResponseError is not exported: recognised by shape. */
interface VaultResponseError {
  response: { statusCode: number; body?: unknown };
}

function isVaultResponseError(error: unknown): error is VaultResponseError {
  const response = (error as VaultResponseError | undefined)?.response;
  return typeof response?.statusCode === 'number';
}

export function vaultStatusOf(error: unknown): number | undefined {
  return isVaultResponseError(error) ? error.response.statusCode : undefined;
}

/** Vault's `errors` texts, unwrapped from go-multierror ("1 error occurred:\n\t* permission denied"). */
export function vaultMessages(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map(String)
    .flatMap(text => {
      const items = [...text.matchAll(/^\t\* (.*)$/gm)].map(m => m[1]);
      return items.length > 0 ? items : [text];
    })
    .map(text => text.trim())
    .filter(Boolean);
}

/** A KV v2 read of a deleted or destroyed version is a 404 that still carries its metadata. */
function deletedVersionNote(body: unknown): string | undefined {
  const metadata = (
    body as { data?: { metadata?: Record<string, unknown> } } | undefined
  )?.data?.metadata;
  if (!metadata) return undefined;
  if (metadata.destroyed === true)
    return `version ${metadata.version} was destroyed`;
  if (metadata.deletion_time)
    return `version ${metadata.version} was deleted at ${metadata.deletion_time}`;
  return undefined;
}

/** What this module throws itself (bad input, refused login, unreadable token file). */
const ALREADY_MAPPED = [
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
];

const UNAVAILABLE_STATUSES = new Set([412, 429, 472, 473]);

/**
 * Turns what node-vault or axios threw into a Backstage error whose message names the operation
 * and Vault's own words. Nothing else of the original is kept: axios errors carry the request
 * config, headers (the token) and body (the values).
 */
export function toBackstageError(error: unknown, operation: string): Error {
  if (ALREADY_MAPPED.some(type => error instanceof type)) return error as Error;
  if (!isVaultResponseError(error)) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    return new ServiceUnavailableError(
      `${operation}: Vault did not answer (${
        typeof code === 'string' ? `${code}: ` : ''
      }${message})`,
    );
  }
  const { statusCode: status, body } = error.response;
  const messages = vaultMessages(body);
  const said = messages.length ? `: ${messages.join('; ')}` : '';
  const text = `${operation}: Vault answered ${status}${said}`;
  if (status === 400) {
    if (messages.some(m => m.includes('check-and-set parameter did not match')))
      return new ConflictError(
        `${operation}: the secret changed since it was read (check-and-set version is stale)`,
      );
    return new InputError(text);
  }
  if (status === 403) return new NotAllowedError(text);
  if (status === 404) {
    const deleted = deletedVersionNote(body);
    return new NotFoundError(
      deleted
        ? `${operation}: ${deleted}`
        : `${text}${said ? '' : ' (no such secret, version or mount)'}`,
    );
  }
  if (status === 405) return new InputError(text);
  if (status >= 500 || UNAVAILABLE_STATUSES.has(status))
    return new ServiceUnavailableError(text);
  return new Error(text);
}
