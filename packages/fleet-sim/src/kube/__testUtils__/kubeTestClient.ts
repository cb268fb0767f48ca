import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { KubeApiServerHandle } from '../createKubeApiServer';

/** Test-only helpers for talking to a simulated API server without a Kubernetes client. */

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface RawRequestOptions {
  token?: string;
  method?: string;
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export function rawRequest(
  server: KubeApiServerHandle,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const url = new URL(path, server.url);
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (body !== undefined)
    headers['Content-Type'] = options.contentType ?? 'application/json';
  if (options.accept) headers.Accept = options.accept;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ca: server.caData ? Buffer.from(server.caData, 'base64') : undefined,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface OpenWatch {
  /** resolves with the next `n` events (parsed lines) */
  next(n?: number): Promise<any[]>;
  /** resolves when the server ends the stream */
  ended: Promise<void>;
  close(): void;
}

/** Opens a watch and hands out its newline-delimited JSON events. */
export function openWatch(
  server: KubeApiServerHandle,
  path: string,
  token: string,
  accept?: string,
): Promise<OpenWatch> {
  const url = new URL(path, server.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    if (accept) headers.Accept = accept;
    const req = send(
      url,
      {
        headers,
        ca: server.caData ? Buffer.from(server.caData, 'base64') : undefined,
      },
      res => {
        const events: any[] = [];
        const waiters: Array<() => void> = [];
        let buffer = '';
        let endResolve: () => void;
        const ended = new Promise<void>(r => (endResolve = r));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
            events.push(JSON.parse(buffer.slice(0, i)));
            buffer = buffer.slice(i + 1);
          }
          waiters.splice(0).forEach(w => w());
        });
        res.on('end', () => {
          endResolve();
          waiters.splice(0).forEach(w => w());
        });
        res.on('error', () => endResolve());
        res.on('close', () => endResolve());
        resolve({
          ended,
          close: () => req.destroy(),
          next: async (n = 1) => {
            const deadline = Date.now() + 5000;
            while (events.length < n) {
              if (Date.now() > deadline)
                throw new Error(
                  `timed out waiting for ${n} watch events, got ${JSON.stringify(
                    events,
                  )}`,
                );
              await new Promise<void>(r => {
                waiters.push(r);
                setTimeout(r, 50);
              });
            }
            return events.splice(0, n);
          },
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
