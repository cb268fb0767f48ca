import type { IncomingMessage } from 'node:http';
import { originalMethod } from '../server/listVerbShim';
import { errorResponse, VaultHttpError } from './errors';

/** The request's operation before the existence check splits writes into create/update. */
export type RawOperation = 'read' | 'list' | 'write' | 'patch' | 'delete';

export interface ParsedRequest {
  operation: RawOperation;
  /** Path after /v1/, URL-decoded, with a trailing "/" added for list operations. */
  path: string;
  data: Record<string, unknown>;
  head: boolean;
}

/** parseQuery: single values as strings, repeated keys as arrays. */
function queryData(
  query: URLSearchParams,
  skip: string[] = [],
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (skip.includes(key)) continue;
    const values = query.getAll(key);
    data[key] = values.length === 1 ? values[0] : values;
  }
  return data;
}

function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw errorResponse(`failed to parse JSON input: ${(e as Error).message}`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errorResponse(
      'failed to parse JSON input: json: cannot unmarshal into Go value of type map[string]interface {}',
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Maps an HTTP request onto Vault's logical request the way http/logical.go
 * buildLogicalRequestNoAuth does: GET (?list=true), LIST, POST/PUT, PATCH (merge-patch content
 * type required), DELETE; anything else is 405 with `{"errors":[]}`.
 */
export function parseVaultRequest(
  req: IncomingMessage,
  apiPath: string,
  query: URLSearchParams,
  body: Buffer,
): ParsedRequest {
  const method = originalMethod(req).toUpperCase();
  const asList = (path: string) => (path.endsWith('/') ? path : `${path}/`);
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const list = query.get('list');
      const listing =
        list !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(list);
      return {
        operation: listing ? 'list' : 'read',
        path: listing ? asList(apiPath) : apiPath,
        data: queryData(query, ['list']),
        head: method === 'HEAD',
      };
    }
    case 'LIST':
      return {
        operation: 'list',
        path: asList(apiPath),
        data: queryData(query),
        head: false,
      };
    case 'POST':
    case 'PUT':
      return {
        operation: 'write',
        path: apiPath,
        data: jsonBody(body),
        head: false,
      };
    case 'PATCH': {
      const contentType = (req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (contentType !== 'application/merge-patch+json') {
        throw errorResponse(
          `PATCH requires Content-Type of application/merge-patch+json, got "${contentType}"`,
          415,
        );
      }
      return {
        operation: 'patch',
        path: apiPath,
        data: jsonBody(body),
        head: false,
      };
    }
    case 'DELETE':
      return {
        operation: 'delete',
        path: apiPath,
        data: queryData(query),
        head: false,
      };
    default:
      throw new VaultHttpError(405, []);
  }
}
