import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createNetServer,
  type Server,
  type Socket,
} from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { backendFactory } from '../engine/backendFactory';
import { VaultEngineImpl } from '../engine/VaultEngineImpl';
import { VaultCore } from '../core/VaultCore';
import { routeRequest, type Reply } from '../http/router';
import type { StartVaultServerOptions, VaultServerHandle } from '../types';
import { ListVerbShim, originalMethod } from './listVerbShim';
import { selfSignedCertificate } from './selfSignedCert';
import { VaultFaults } from './vaultFaults';

/** Vault rejects request bodies above 32 MiB. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(reply.headers ?? {}))
    res.setHeader(name, value);
  if (reply.text !== undefined) {
    res
      .writeHead(reply.status, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(reply.text);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const text = `${JSON.stringify(reply.body)}\n`;
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Starts one simulated Vault Enterprise server on 127.0.0.1 (ephemeral port, HTTP or HTTPS).
 * `stop()` closes the listener and every open connection, so clients get ECONNREFUSED until
 * `start()` listens again on the same port; state survives the restart.
 */
export async function startVaultServer(
  options: StartVaultServerOptions,
): Promise<VaultServerHandle> {
  const { clock } = options;
  const core = new VaultCore(clock, backendFactory(clock));
  const engine = new VaultEngineImpl(core);
  const cert = options.tls ? selfSignedCertificate() : undefined;
  let latencyMs = options.latencyMs ?? 0;
  const counts = new Map<string, number>();
  const faults = new VaultFaults();
  const sockets = new Set<Socket>();

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req);
      if (latencyMs > 0) await clock.sleep(latencyMs);
      const method = originalMethod(req);
      const path = (req.url ?? '').split('?')[0].replace(/^\/v1\//, '');
      const key = `${method} ${path}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      // health endpoints are the load balancer's view, never an injected API failure
      const ns = req.headers['x-vault-namespace'];
      const fault =
        path === 'sys/health' || path === 'sys/seal-status'
          ? undefined
          : faults.take(method, path, typeof ns === 'string' ? ns : undefined);
      if (fault) {
        if (fault.seal) core.sealed = true;
        send(res, fault);
        return;
      }
      const reply =
        body === undefined
          ? { status: 413, body: { errors: ['http: request body too large'] } }
          : await routeRequest(core, req, body);
      send(res, reply);
    } catch {
      if (!res.headersSent)
        send(res, { status: 500, body: { errors: ['internal error'] } });
    }
  };

  // HTTP is parsed by node:http, but connections are accepted by a plain net/tls listener and
  // fed through ListVerbShim, because node:http alone rejects Vault's LIST verb.
  const http = createHttpServer(handler);
  const accept = (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    http.emit('connection', new ListVerbShim(socket));
  };
  const server: Server = cert
    ? createTlsServer({ cert: cert.certPem, key: cert.keyPem }, accept)
    : createNetServer(accept);
  // raw TCP sockets, so stop() can cut every connection (TLS ones included)
  server.on('connection', (raw: Socket) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
  });

  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  const scheme = cert ? 'https' : 'http';

  return {
    url: `${scheme}://127.0.0.1:${port}`,
    rootToken: core.rootToken.id,
    caCertPem: cert?.certPem,
    seal: () => {
      core.sealed = true;
    },
    unseal: () => {
      core.sealed = false;
    },
    stop: () =>
      new Promise<void>(resolve => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    start: () => (server.listening ? Promise.resolve() : listen()),
    revokeToken: token => {
      core.tokens.revoke(token);
    },
    setLatency: ms => {
      latencyMs = ms;
    },
    setMode: mode => {
      core.mode = mode;
    },
    setInitialized: initialized => {
      core.initialized = initialized;
    },
    requestCounts: () => Object.fromEntries(counts),
    injectFault: fault => faults.add(fault),
    clearFaults: () => faults.clear(),
    engine,
  };
}
