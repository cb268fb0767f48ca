import type { IncomingMessage } from 'node:http';
import type { BackendRequest, BackendResult, Operation } from '../core/backend';
import { findMount, type Mount } from '../core/mounts';
import { resolveNamespace } from '../core/namespaces';
import type { VaultCore } from '../core/VaultCore';
import { originalMethod } from '../server/listVerbShim';
import { sysHealth, sysSealStatus } from '../sys/health';
import type { TokenEntry } from '../tokens/TokenStore';
import { envelope, errorBody } from './envelope';
import {
  aclDeniedError,
  errorResponse,
  invalidTokenError,
  missingTokenError,
  multiErrorText,
  sealedError,
  VaultCodedError,
  VaultHttpError,
} from './errors';
import { parseVaultRequest, type ParsedRequest } from './parseRequest';

export interface Reply {
  status: number;
  /** Undefined = no body (204, HEAD, bodyless 404). */
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (Go's redirect page). */
  text?: string;
}

/** Go's ServeMux cleanPath: resolve `.`/`..` and duplicate slashes, keeping a trailing slash. */
function cleanPath(pathname: string): string {
  const out: string[] = [];
  for (const segment of pathname.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const cleaned = `/${out.join('/')}`;
  return pathname.endsWith('/') && cleaned !== '/' ? `${cleaned}/` : cleaned;
}

function clientToken(req: IncomingMessage): string | undefined {
  const header = req.headers['x-vault-token'];
  if (typeof header === 'string' && header) return header;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer '))
    return authorization.slice('Bearer '.length).trim();
  return undefined;
}

/**
 * One Vault request end to end, in Vault's order: raw sys handlers, seal check, request parsing,
 * namespace resolution, trailing-slash check, token + ACL check (skipped for login paths),
 * routing to the mount, and response writing (http/handler.go, vault/request_handling.go).
 */
export async function routeRequest(
  core: VaultCore,
  req: IncomingMessage,
  body: Buffer,
): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://vault.invalid');
  const rawPath = (req.url ?? '/').split('?')[0];
  if (cleanPath(rawPath) !== rawPath) {
    // Vault's http.ServeMux answers non-canonical paths (e.g. "auth//login") with a redirect
    const location = `${cleanPath(rawPath)}${url.search}`;
    const isGetOrHead = req.method === 'GET' || req.method === 'HEAD';
    return {
      status: 301,
      headers: { Location: location },
      text: isGetOrHead
        ? `<a href="${location}">Moved Permanently</a>.\n\n`
        : undefined,
    };
  }
  if (!url.pathname.startsWith('/v1/'))
    return { status: 404, body: errorBody([]) };
  let apiPath: string;
  try {
    apiPath = decodeURIComponent(url.pathname.slice('/v1/'.length));
  } catch {
    return { status: 400, body: errorBody(['invalid URL escape']) };
  }
  const nsHeader = req.headers['x-vault-namespace'];
  const headerNs = typeof nsHeader === 'string' ? nsHeader : undefined;
  const method = originalMethod(req);
  const isGet = method === 'GET' || method === 'HEAD';
  // raw handlers registered on the mux: served whatever the namespace header, sealed or not
  if (isGet && (apiPath === 'sys/health' || apiPath === 'sys/seal-status')) {
    const raw =
      apiPath === 'sys/health'
        ? sysHealth(core, url.searchParams)
        : sysSealStatus(core);
    return {
      status: raw.status,
      body: req.method === 'HEAD' ? undefined : raw.body,
    };
  }
  try {
    if (core.sealed || !core.initialized) throw sealedError();
    const parsed = parseVaultRequest(req, apiPath, url.searchParams, body);
    const response = await dispatch(core, req, parsed, headerNs);
    return parsed.head ? { status: response.status } : response;
  } catch (e) {
    if (e instanceof VaultHttpError)
      return { status: e.status, body: errorBody(e.errors) };
    if (e instanceof VaultCodedError)
      return {
        status: e.status,
        body: errorBody([multiErrorText([e.message])]),
      };
    return {
      status: 500,
      body: errorBody([multiErrorText(['internal error'])]),
    };
  }
}

async function dispatch(
  core: VaultCore,
  req: IncomingMessage,
  parsed: ParsedRequest,
  headerNs?: string,
): Promise<Reply> {
  const { namespace, path } = resolveNamespace(
    core.root,
    headerNs,
    parsed.path,
  );
  if (parsed.operation === 'write' && path.endsWith('/'))
    throw errorResponse("cannot write to a path ending in '/'");
  const mount = findMount(namespace.mounts, path);
  const subPath = mount
    ? path.slice(Math.min(mount.path.length, path.length))
    : path;
  const breq: BackendRequest = {
    operation: parsed.operation === 'write' ? 'update' : parsed.operation,
    path: subPath,
    data: parsed.data,
    namespace,
    mount: mount!,
    core,
    headers: req.headers,
  };
  const login =
    parsed.operation === 'write' &&
    mount?.backend.isLoginPath?.(subPath) === true;
  if (!login) {
    breq.token = authorize(core, req, breq, path, mount);
  }
  if (!mount)
    throw errorResponse(
      `no handler for route "${path}". route entry not found.`,
      404,
    );
  let result: BackendResult;
  try {
    result = await mount.backend.handle(breq);
  } catch (e) {
    // handler errors reach the client unwrapped on login paths, multierror-wrapped elsewhere
    if (login && e instanceof VaultCodedError)
      throw new VaultHttpError(e.status, [e.message]);
    throw e;
  }
  return reply(breq.operation, result, mount.type);
}

/** CheckToken + ACL: missing/invalid tokens and denied operations all answer 403. */
function authorize(
  core: VaultCore,
  req: IncomingMessage,
  breq: BackendRequest,
  path: string,
  mount?: Mount,
): TokenEntry {
  const id = clientToken(req);
  if (!id) throw missingTokenError();
  const token = core.tokens.lookup(id);
  if (!token) throw invalidTokenError();
  const tokenNs = core.namespaceById(token.namespaceId);
  if (!tokenNs || !breq.namespace.isWithin(tokenNs)) throw aclDeniedError();
  if (breq.operation === 'update' && mount) {
    const exists = mount.backend.existenceCheck?.({ ...breq, token });
    breq.operation = exists === false ? 'create' : 'update';
  }
  const capability: Operation = breq.operation;
  const sudo = mount?.backend.isSudoPath?.(breq.path) === true;
  const aclPath = `${breq.namespace.pathRelativeTo(tokenNs)}${path}`;
  if (!core.aclFor(token).allows(aclPath, capability, sudo, breq.data))
    throw aclDeniedError();
  return token;
}

/** RespondErrorCommon's nil/empty handling, then the JSON envelope. */
function reply(
  operation: Operation,
  result: BackendResult,
  mountType: string,
): Reply {
  if (result === undefined) {
    // hashicorp/vault#13167 removed the nil-PATCH-means-404 translation; only reads and lists 404
    if (operation === 'read' || operation === 'list')
      return { status: 404, body: errorBody([]) };
    return { status: 204 };
  }
  if (result.statusCode !== undefined) {
    return result.bodyless
      ? { status: result.statusCode }
      : { status: result.statusCode, body: envelope(result, '') };
  }
  if (operation === 'list') {
    const keys = (result.data as { keys?: unknown[] } | null)?.keys;
    if (
      !result.data ||
      (Array.isArray(keys) && keys.length === 0 && !result.warnings?.length)
    ) {
      return { status: 404, body: errorBody([]) };
    }
  }
  return { status: 200, body: envelope(result, mountType) };
}
