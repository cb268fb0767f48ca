/*
 * The fleet's admin API (HTTP on 127.0.0.1, bearer admin token generated per run) for driving
 * faults from scripts and tests:
 *   GET  /fleet                                   clusters, URLs, Vault, time
 *   POST /clusters/{name}/down | /up              API server listener closed / reopened
 *   POST /clusters/{name}/latency        {ms}     simulated latency before every request
 *   POST /clusters/{name}/fail5xx        {next?, rate?, code?}   (empty body clears)
 *   POST /clusters/{name}/cut-watches | /compact
 *   POST /clusters/{name}/revoke-token   {token}
 *   POST /clusters/{name}/eso            {flavour: v1|v1beta1-only|none}   install, upgrade or
 *        remove ESO at runtime: served CRDs, discovery and the ESO controller follow; removal
 *        deletes the ESO objects; open watches end
 *   POST /clusters/{name}/eso/stop | /eso/start   ESO scaled to zero / a fresh ESO pod
 *   POST /clusters/{name}/stores/break | /stores/fix | /stores/bump   {kind, namespace?, name}
 *   POST /vault/seal | /unseal | /down | /up
 *   POST /vault/revoke-token             {token}
 *   POST /vault/faults   {status: 412|429|500|502|503, method?, path?, namespace?, times?, seal?}
 *        the next matching API request(s) get Vault's answer for it (empty body clears)
 * Responses are JSON; errors are {error} with 400/401/404.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export type AdminAction = (
  body: Record<string, unknown>,
) => Promise<unknown> | unknown;

export interface AdminRoutes {
  fleet(): unknown;
  cluster(name: string): Record<string, AdminAction> | undefined;
  vault: Record<string, AdminAction>;
}

export interface AdminServer {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJson(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'body must be a JSON object');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startAdminServer(
  routes: AdminRoutes,
  token: string,
): Promise<AdminServer> {
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.headers.authorization !== `Bearer ${token}`)
        throw new HttpError(401, 'missing or wrong admin token');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(
        /\/+$/,
        '',
      );
      if (req.method === 'GET' && path === '/fleet') {
        reply(res, 200, routes.fleet());
        return;
      }
      if (req.method !== 'POST')
        throw new HttpError(404, `no route ${req.method} ${path}`);
      const body = await readJson(req);
      const cluster = /^\/clusters\/([^/]+)\/(.+)$/.exec(path);
      let action: AdminAction | undefined;
      if (cluster) {
        const actions = routes.cluster(decodeURIComponent(cluster[1]));
        if (!actions) throw new HttpError(404, `no cluster ${cluster[1]}`);
        action = actions[cluster[2]];
      } else {
        const vault = /^\/vault\/(.+)$/.exec(path);
        action = vault ? routes.vault[vault[1]] : undefined;
      }
      if (!action) throw new HttpError(404, `no route POST ${path}`);
      const result = await action(body);
      reply(res, 200, {
        ok: true,
        ...(result === undefined ? {} : { result }),
      });
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      reply(res, status, { error: (error as Error).message });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
