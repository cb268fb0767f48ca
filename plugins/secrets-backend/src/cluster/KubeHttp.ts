import https from 'node:https';
import http from 'node:http';
import type { ClusterConfig } from '../config/types';
import { ClusterCredentials, type RequestTarget } from './clusterCredentials';
import { describeNetworkError, type NetworkFailure } from './networkErrors';

/**
 * A failed call to a cluster's API server: the HTTP status when there was a response, else what
 * failed below HTTP (`network`).
 */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
    readonly network?: NetworkFailure,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

/** `KubeApiError.reason` when the kubeconfig, token file or exec plugin failed before any request. */
export const CREDENTIALS_UNAVAILABLE = 'CredentialsUnavailable';

const JSON_MEDIA_TYPE = 'application/json';
const REQUEST_TIMEOUT_MS = 15_000;
/** A watch with no bytes for this long (no events, no bookmarks) is presumed dead. */
const WATCH_IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * The only HTTP path to a cluster: TLS and credentials come from client-node's KubeConfig, applied
 * to every request (see ClusterCredentials), so CA verification and tokens behave as they do for
 * kubectl and rotated credentials are picked up without a restart.
 */
export class KubeHttp {
  readonly #credentials: ClusterCredentials;
  /** host:port of the API server, for messages */
  #host: string;

  constructor(cluster: ClusterConfig) {
    this.#credentials = new ClusterCredentials(cluster);
    this.#host = new URL(cluster.url).host;
  }

  /** `accept` other than JSON: the metadata protocol (see metadataProtocol.ts). */
  async getJson<T>(
    path: string,
    query: Record<string, string> = {},
    accept = JSON_MEDIA_TYPE,
  ): Promise<T> {
    const body = await this.#send('GET', path, query, undefined, undefined, {
      accept,
    });
    return JSON.parse(body) as T;
  }

  /** A PATCH of `contentType` (merge or strategic-merge); resolves with the object written. */
  async patch<T = unknown>(
    path: string,
    patch: object,
    contentType:
      | 'application/merge-patch+json'
      | 'application/strategic-merge-patch+json',
    query: Record<string, string> = {},
  ): Promise<T> {
    const body = await this.#send(
      'PATCH',
      path,
      query,
      JSON.stringify(patch),
      contentType,
    );
    return JSON.parse(body) as T;
  }

  async create<T = unknown>(
    path: string,
    object: object,
    query: Record<string, string> = {},
  ): Promise<T> {
    const body = await this.#send(
      'POST',
      path,
      query,
      JSON.stringify(object),
      'application/json',
    );
    return JSON.parse(body) as T;
  }

  /**
   * Streams a watch until the server ends it (resolves) or the connection fails (rejects).
   * `onEvent` may throw to end the watch; the error becomes the rejection.
   */
  async watch(
    path: string,
    query: Record<string, string>,
    onEvent: (type: WatchEventType, object: any) => void,
    signal: AbortSignal,
    onOpen: () => void = () => {},
    accept = JSON_MEDIA_TYPE,
  ): Promise<void> {
    const req = await this.#request(
      'GET',
      path,
      { ...query, watch: 'true' },
      accept,
    );
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        // destroying a request not yet connected emits 'socket hang up': not an error here
        req.on('error', () => {});
        req.destroy();
        resolve();
        return;
      }
      let settled = false;
      const onAbort = () => {
        req.destroy();
        // eslint-disable-next-line @typescript-eslint/no-use-before-define
        finish();
      };
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      signal.addEventListener('abort', onAbort);
      req.setTimeout(WATCH_IDLE_TIMEOUT_MS, () =>
        req.destroy(
          new KubeApiError(
            `watch idle timeout: no data from ${this.#host} for ${
              WATCH_IDLE_TIMEOUT_MS / 1000
            }s`,
            undefined,
            undefined,
            'timeout',
          ),
        ),
      );
      req.on('error', e => finish(this.#networkError(e)));
      req.on('response', res => {
        if ((res.statusCode ?? 0) >= 300) {
          collect(res).then(
            text => finish(this.#apiError(res.statusCode!, text)),
            finish,
          );
          return;
        }
        onOpen();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
            if (!line) continue;
            try {
              const event = JSON.parse(line);
              onEvent(event.type, event.object);
            } catch (e) {
              req.destroy();
              finish(e);
              return;
            }
          }
        });
        res.on('end', () => finish());
        res.on('aborted', () =>
          finish(new KubeApiError('watch connection aborted')),
        );
        res.on('error', e => finish(this.#networkError(e)));
      });
      req.end();
    });
  }

  async #request(
    method: string,
    path: string,
    query: Record<string, string>,
    accept = JSON_MEDIA_TYPE,
  ): Promise<http.ClientRequest> {
    let target: RequestTarget;
    try {
      target = await this.#credentials.target();
    } catch (e) {
      throw new KubeApiError(
        `credentials could not be loaded: ${(e as Error).message}`,
        undefined,
        CREDENTIALS_UNAVAILABLE,
      );
    }
    const { baseUrl, options } = target;
    this.#host = baseUrl.host;
    const url = new URL(path, baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const transport = url.protocol === 'https:' ? https : http;
    return transport.request(url, {
      ...options,
      method,
      headers: { ...options.headers, accept },
      agent: false,
    });
  }

  async #send(
    method: string,
    path: string,
    query: Record<string, string>,
    body?: string,
    contentType?: string,
    { accept }: { accept?: string } = {},
  ): Promise<string> {
    const req = await this.#request(method, path, query, accept);
    return new Promise<string>((resolve, reject) => {
      if (contentType) req.setHeader('content-type', contentType);
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(
          new KubeApiError(
            `${method} ${path}: no response from ${this.#host} within ${
              REQUEST_TIMEOUT_MS / 1000
            }s`,
            undefined,
            undefined,
            'timeout',
          ),
        ),
      );
      req.on('error', e => reject(this.#networkError(e)));
      req.on('response', res => {
        collect(res).then(text => {
          if ((res.statusCode ?? 0) >= 300)
            reject(this.#apiError(res.statusCode!, text));
          else resolve(text);
        }, reject);
      });
      req.end(body);
    });
  }

  #apiError(status: number, text: string): KubeApiError {
    // refused credentials may have rotated: the next attempt loads them again
    if (status === 401) this.#credentials.invalidate();
    return apiError(status, text);
  }

  #networkError(e: Error): KubeApiError {
    if (e instanceof KubeApiError) return e;
    const { failure, message } = describeNetworkError(e, this.#host);
    return new KubeApiError(message, undefined, undefined, failure);
  }
}

function collect(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', c => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function apiError(status: number, text: string): KubeApiError {
  let message = `HTTP ${status}`;
  let reason: string | undefined;
  try {
    const body = JSON.parse(text);
    message = body.message ?? message;
    reason = body.reason;
  } catch {
    // not a Status object; keep the status line
  }
  return new KubeApiError(message, status, reason);
}
