import { CustomErrorBase, InputError } from '@backstage/errors';
import express, { type RequestHandler } from 'express';
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

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every write takes a JSON body and nothing else. `express.json()` silently skips other content
 * types, leaving `{}`: a `text/plain` `{"dryRun":true}` used to run for real. The body is read as
 * text and parsed here, so an empty body stays `undefined` and `null` stays `null`, and each
 * schema says what it expected instead of body-parser's "not valid JSON".
 */
export function requireJsonWrites(): RequestHandler[] {
  const readText = express.text({ type: 'application/json' });
  return [
    (req, _res, next) => {
      if (!WRITES.has(req.method)) {
        next();
        return;
      }
      if (!req.is('application/json')) {
        throw new UnsupportedMediaTypeError(
          `${req.method} needs Content-Type: application/json, got ${
            req.headers['content-type'] ?? 'none'
          }`,
        );
      }
      readText(req, _res, next);
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
