/**
 * Vault's two error styles, which clients can tell apart by the text:
 * - `logical.ErrorResponse(msg)`: the message is sent as is (`{"errors":["msg"]}`), usually 400;
 * - errors returned by handlers (`logical.CodedError`, `ErrPermissionDenied`, plain errors): on
 *   normal requests the core appends them to a go-multierror, so the body reads
 *   "1 error occurred:\n\t* msg\n\n"; on login requests they are returned unwrapped.
 * (hashicorp/vault vault/request_handling.go handleRequest/handleLoginRequest,
 * sdk/logical/response_util.go RespondErrorCommon.)
 */
export class VaultHttpError extends Error {
  constructor(readonly status: number, readonly errors: string[]) {
    super(errors.join('; ') || `status ${status}`);
  }
}

/** An error a handler returns rather than an error response; wrapped in a multierror unless login. */
export class VaultCodedError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** go-multierror's default format. */
export function multiErrorText(messages: string[]): string {
  const lines = messages.map(m => `\t* ${m}`).join('\n');
  const head =
    messages.length === 1
      ? '1 error occurred'
      : `${messages.length} errors occurred`;
  return `${head}:\n${lines}\n\n`;
}

export function errorResponse(message: string, status = 400): VaultHttpError {
  return new VaultHttpError(status, [message]);
}

export const PERMISSION_DENIED = 'permission denied';

/** No token at all: CheckToken fails with the bare ErrPermissionDenied. */
export function missingTokenError(): VaultHttpError {
  return new VaultHttpError(403, [PERMISSION_DENIED]);
}

/** Unknown, expired or revoked token (Vault >= 1.17, hashicorp/vault#25953). */
export function invalidTokenError(): VaultHttpError {
  return new VaultHttpError(403, [
    multiErrorText([PERMISSION_DENIED, 'invalid token']),
  ]);
}

/** Valid token whose policies do not grant the operation: multierror-wrapped by CheckToken. */
export function aclDeniedError(): VaultHttpError {
  return new VaultHttpError(403, [multiErrorText([PERMISSION_DENIED])]);
}

export function sealedError(): VaultHttpError {
  return new VaultHttpError(503, ['Vault is sealed']);
}
