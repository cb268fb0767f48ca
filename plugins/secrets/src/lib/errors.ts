/** The parts of a `ResponseError` (or any thrown value) this module looks at. */
interface ErrorLike {
  name?: string;
  body?: { error?: { name?: string }; response?: { statusCode?: number } };
  response?: { status?: number };
  statusCode?: number;
}

/** The HTTP status of a failed request, when the error carries one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as ErrorLike | undefined;
  return e?.response?.status ?? e?.body?.response?.statusCode ?? e?.statusCode;
}

/** A 403 from the backend means the same as a denied permission: say so, no stack trace. */
export function isNotAllowed(error: unknown): boolean {
  const e = error as ErrorLike | undefined;
  return (
    e?.body?.error?.name === 'NotAllowedError' ||
    e?.name === 'NotAllowedError' ||
    httpStatusOf(error) === 403
  );
}

/**
 * The backend answers "does not exist" and "you may not read it" alike (404), so as not to reveal
 * which entities exist: for the entity views both are a refusal.
 */
export function isRefused(error: unknown): boolean {
  const e = error as ErrorLike | undefined;
  return (
    isNotAllowed(error) ||
    e?.body?.error?.name === 'NotFoundError' ||
    httpStatusOf(error) === 404
  );
}

/** 4xx: the same request gets the same answer, so retrying only doubles the wait (and the load). */
export function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}
