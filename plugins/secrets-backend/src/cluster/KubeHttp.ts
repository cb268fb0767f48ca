import { readFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import type { ClusterConfig } from '../config/types';

/** A failed call to a cluster's API server, with the HTTP status when there was a response. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
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

const REQUEST_TIMEOUT_MS = 15_000;
/** A watch with no bytes for this long (no events, no bookmarks) is presumed dead. */
const WATCH_IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * The only HTTP path to a cluster: TLS and credentials come from client-node's KubeConfig
 * (`applyToHTTPSOptions`), so CA verification and tokens behave as they do for kubectl.
 */
export class KubeHttp {
  private constructor(
    private readonly baseUrl: URL,
    private readonly options: https.RequestOptions,
    private readonly tokenFile?: string,
  ) {}

  static async fromConfig(cluster: ClusterConfig): Promise<KubeHttp> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    if (cluster.auth.type === 'kubeconfig') {
      if (cluster.auth.path) kc.loadFromFile(cluster.auth.path);
      else kc.loadFromDefault();
      if (cluster.auth.context) kc.setCurrentContext(cluster.auth.context);
    } else {
      const tokenFile =
        cluster.auth.token || cluster.auth.tokenFile
          ? cluster.auth.tokenFile
          : '/var/run/secrets/kubernetes.io/serviceaccount/token';
      kc.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            caData: cluster.caData,
            caFile: cluster.caFile,
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: 'plugin', token: cluster.auth.token }],
        contexts: [{ name: 'plugin', cluster: cluster.name, user: 'plugin' }],
        currentContext: 'plugin',
      });
      const options: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(options);
      return new KubeHttp(
        new URL(cluster.url),
        options,
        cluster.auth.token ? undefined : tokenFile,
      );
    }
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return new KubeHttp(
      new URL(kc.getCurrentCluster()?.server ?? cluster.url),
      options,
    );
  }

  async getJson<T>(
    path: string,
    query: Record<string, string> = {},
  ): Promise<T> {
    const body = await this.#send('GET', path, query);
    return JSON.parse(body) as T;
  }

  async mergePatch(path: string, patch: object): Promise<void> {
    await this.#send(
      'PATCH',
      path,
      {},
      JSON.stringify(patch),
      'application/merge-patch+json',
    );
  }

  /**
   * Streams a watch until the server ends it (resolves) or the connection fails (rejects).
   * `onEvent` may throw to end the watch; the error becomes the rejection.
   */
  watch(
    path: string,
    query: Record<string, string>,
    onEvent: (type: WatchEventType, object: any) => void,
    signal: AbortSignal,
    onOpen: () => void = () => {},
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.#request('GET', path, { ...query, watch: 'true' });
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
        req.destroy(new KubeApiError('watch idle timeout')),
      );
      req.on('error', e => finish(networkError(e)));
      req.on('response', res => {
        if ((res.statusCode ?? 0) >= 300) {
          collect(res).then(
            text => finish(apiError(res.statusCode!, text)),
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
        res.on('error', e => finish(networkError(e)));
      });
      req.end();
    });
  }

  #request(method: string, path: string, query: Record<string, string>) {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      ...(this.options.headers as Record<string, string>),
      accept: 'application/json',
    };
    if (this.tokenFile) {
      // projected service-account tokens rotate: read the file on every request
      headers.Authorization = `Bearer ${readFileSync(
        this.tokenFile,
        'utf8',
      ).trim()}`;
    }
    const transport = url.protocol === 'https:' ? https : http;
    return transport.request(url, {
      ...this.options,
      method,
      headers,
      agent: false,
    });
  }

  #send(
    method: string,
    path: string,
    query: Record<string, string>,
    body?: string,
    contentType?: string,
  ) {
    return new Promise<string>((resolve, reject) => {
      const req = this.#request(method, path, query);
      if (contentType) req.setHeader('content-type', contentType);
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new KubeApiError(`${method} ${path} timed out`)),
      );
      req.on('error', e => reject(networkError(e)));
      req.on('response', res => {
        collect(res).then(text => {
          if ((res.statusCode ?? 0) >= 300)
            reject(apiError(res.statusCode!, text));
          else resolve(text);
        }, reject);
      });
      req.end(body);
    });
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

function networkError(e: Error): KubeApiError {
  return e instanceof KubeApiError ? e : new KubeApiError(e.message);
}
