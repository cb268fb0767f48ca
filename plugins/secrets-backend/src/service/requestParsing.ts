import { CustomErrorBase, InputError } from '@backstage/errors';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
} from 'express';
import type { z } from 'zod/v3';

/**
 * 415. Backstage's error middleware takes the status from a numeric `statusCode` on the error;
 * a getter keeps it out of the serialised body, which stays `{ name, message }`.
 */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  get statusCode() {
    return 415;
  }
}

/** 405, for a path the plugin serves with other methods (the handler sets `Allow`). */
export class MethodNotAllowedError extends CustomErrorBase {
  name = 'MethodNotAllowedError' as const;
  get statusCode() {
    return 405;
  }
}

/** 413, for a body over the limit, naming the field like every other input error. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  get statusCode() {
    return 413;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_LIMIT = '100kb';

/** A body of at least one byte is on its way (a zero `Content-Length` is no body). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) > 0)
  );
}

function mediaType(req: Request): string | undefined {
  return req.headers['content-type']?.split(';')[0].trim().toLowerCase();
}

/**
 * A write's body is JSON and nothing else. `express.json()` silently skips other content types,
 * leaving `{}`: a `text/plain` `{"dryRun":true}` used to run for real. The body is read as text
 * and parsed here, so that no body stays `undefined` and `null` stays `null`, and each schema
 * says what it expected instead of body-parser's "not valid JSON". A write without a body gets
 * no 415 (there is nothing to type), but its schema's 400, or the 405 of a wrong method.
 */
export function requireJsonWrites(): RequestHandler[] {
  const readText = express.text({ type: () => true, limit: BODY_LIMIT });
  return [
    (req, res, next) => {
      if (!WRITES.has(req.method) || !hasBody(req)) {
        next();
        return;
      }
      if (mediaType(req) !== 'application/json') {
        throw new UnsupportedMediaTypeError(
          `${req.method} needs Content-Type: application/json, got ${
            req.headers['content-type'] || 'none'
          }`,
        );
      }
      // body-parser's own 413 says "request entity too large", naming no field and no limit
      readText(req, res, error => {
        if (
          (error as { type?: string } | undefined)?.type === 'entity.too.large'
        )
          next(
            new PayloadTooLargeError(
              `body: must be at most ${BODY_LIMIT}, got ${
                (error as { length?: number }).length ?? 'more'
              } bytes`,
            ),
          );
        else next(error);
      });
    },
    (req, _res, next) => {
      if (!WRITES.has(req.method)) {
        next();
        return;
      }
      const text = typeof req.body === 'string' ? req.body : '';
      if (text.trim() === '') {
        req.body = undefined;
      } else {
        try {
          req.body = JSON.parse(text);
        } catch (error) {
          throw new InputError(
            `body: must be JSON (${(error as Error).message})`,
          );
        }
      }
      next();
    },
  ];
}

/** `stores.0.kind` reads better as `stores[0].kind`. */
function fieldName(path: (string | number)[], where: string): string {
  if (path.length === 0) return where;
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      return i ? `.${p}` : p;
    })
    .join('');
}

/** Validates with a zod schema; failures are a 400 naming each field and what it allows. */
export function parseOrThrow<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${fieldName(i.path, where)}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/**
 * Last in a router: Express answers a path parameter that is not valid percent-encoding with a
 * 400 "Failed to decode param '%E0%A4%A'" that names no field; this one names it, like every
 * other input error.
 */
export function pathDecodeErrors(): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (
      error instanceof URIError &&
      (error as { status?: number }).status === 400
    ) {
      const raw = /^Failed to decode param '(.*)'$/s.exec(error.message)?.[1];
      next(
        new InputError(
          `path: ${JSON.stringify(
            (raw ?? '').slice(0, 200),
          )} is not valid percent-encoded UTF-8`,
        ),
      );
      return;
    }
    next(error);
  };
}
