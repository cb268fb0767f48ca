import { NotFoundError } from '@backstage/errors';
import type { RequestHandler } from 'express';
import { MethodNotAllowedError } from './requestParsing';

/** For `router.route(path).get(...).all(methodNotAllowed(['GET']))`: 405 with `Allow`. */
export function methodNotAllowed(methods: string[]): RequestHandler {
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return (req, res) => {
    res.setHeader('Allow', allow.join(', '));
    throw new MethodNotAllowedError(
      `${req.method} is not allowed on ${req.path}; allowed: ${allow.join(
        ', ',
      )}`,
    );
  };
}

/**
 * Last in the plugin's router, so that every path under /api/secrets answers a Backstage error
 * body (the root router's fallback answers an empty 404). Anything registered on the plugin's
 * httpRouter after the router is shadowed by it.
 */
export function unknownRoute(routes: string[]): RequestHandler {
  return req => {
    throw new NotFoundError(
      `No route ${req.method} ${req.path.slice(0, 200)}; routes: ${routes.join(
        ', ',
      )}`,
    );
  };
}
