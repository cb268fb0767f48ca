/*
 * The subset of HashiCorp's Go Vault client (github.com/hashicorp/vault/api) that ESO's Vault
 * provider uses, speaking real HTTP so that outages surface as the same errors:
 * - request: `X-Vault-Token`, `X-Vault-Namespace`, `X-Vault-Request: true`; reads are GET with
 *   query params, writes are PUT with a JSON body (Logical().Write)
 * - errors: transport failures as net/http url.Error (`Put "<url>": dial tcp …: connection refused`),
 *   HTTP ≥ 400 as api.ResponseError (`Error making API request.\n\nURL: GET <url>\nCode: 403. Errors:\n\n* permission denied`)
 * - reads of a 404 with no data return null (ParseRawResponseAndCloseBody), which ESO maps to
 *   "Secret does not exist"
 * - retries (DefaultConfig MaxRetries 2, LinearJitterBackoff 1s–1.5s per attempt) on transport
 *   errors, 5xx except 501, 429 and 412; jitter is fixed at its midpoint to stay deterministic.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { SimClock } from '../../clock/SimClock';
import { goNetErrorText, goUrlError } from '../go/goErrors';

export interface VaultSecret {
  data?: Record<string, unknown> | null;
  auth?: { client_token?: string; [k: string]: unknown } | null;
  warnings?: string[] | null;
  [k: string]: unknown;
}

export class VaultApiError extends Error {
  readonly statusCode?: number;
  readonly errors?: string[];
  constructor(message: string, statusCode?: number, errors?: string[]) {
    super(message);
    this.name = 'VaultApiError';
    this.statusCode = statusCode;
    this.errors = errors;
  }
}

export interface VaultApiClientOptions {
  address: string;
  clock: SimClock;
  namespace?: string;
  maxRetries?: number;
  caPem?: string;
  timeoutMs?: number;
}

let requestsInFlight = 0;

/** Vault HTTP requests currently open from simulated ESO clients (lets tests wait for quiescence). */
export function vaultRequestsInFlight(): number {
  return requestsInFlight;
}

interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export class VaultApiClient {
  token = '';
  namespace: string | undefined;
  readonly #options: VaultApiClientOptions;

  constructor(options: VaultApiClientOptions) {
    this.#options = options;
    this.namespace = options.namespace;
  }

  get address(): string {
    return this.#options.address;
  }

  /** Logical().ReadWithDataWithContext: null when Vault answers 404 without data. */
  async read(
    path: string,
    params?: Record<string, string>,
  ): Promise<VaultSecret | null> {
    const query =
      params && Object.keys(params).length
        ? `?${new URLSearchParams(params).toString()}`
        : '';
    const res = await this.#send('GET', path, query);
    if (res.status === 404) {
      const parsed = parseJson(res.body);
      if (
        parsed &&
        (nonEmpty(parsed.data) || (parsed.warnings?.length ?? 0) > 0)
      )
        return parsed;
      return null;
    }
    this.#throwIfError('GET', path, query, res);
    return parseJson(res.body);
  }

  /** Logical().WriteWithContext: PUT with a JSON body. */
  async write(path: string, body: unknown): Promise<VaultSecret | null> {
    const res = await this.#send('PUT', path, '', body);
    this.#throwIfError('PUT', path, '', res);
    return parseJson(res.body);
  }

  url(path: string, query = ''): string {
    return `${this.#options.address.replace(/\/$/, '')}/v1/${path}${query}`;
  }

  #throwIfError(
    method: string,
    path: string,
    query: string,
    res: RawResponse,
  ): void {
    if (res.status >= 200 && res.status < 400) return;
    const parsed = parseJson(res.body) as { errors?: string[] } | null;
    const ns = res.headers['x-vault-namespace'];
    const nsLine =
      typeof ns === 'string' && ns !== '' && ns !== 'root/'
        ? `Namespace: ${ns}\n`
        : '';
    const raw = !parsed || !Array.isArray(parsed.errors);
    const errors = raw ? [res.body] : parsed!.errors!;
    const body = raw ? res.body : errors.map(e => `* ${e}`).join('');
    throw new VaultApiError(
      `Error making API request.\n\n${nsLine}URL: ${method} ${this.url(
        path,
        query,
      )}\nCode: ${res.status}. ${raw ? 'Raw Message' : 'Errors'}:\n\n${body}`,
      res.status,
      errors,
    );
  }

  async #send(
    method: string,
    path: string,
    query: string,
    body?: unknown,
  ): Promise<RawResponse> {
    const maxRetries = this.#options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse | undefined;
      let transportError: string | undefined;
      requestsInFlight++;
      try {
        res = await this.#once(method, path, query, body);
      } catch (error) {
        transportError = goUrlError(
          method,
          this.url(path, query),
          goNetErrorText(error, this.#hostPort()),
        );
      } finally {
        requestsInFlight--;
      }
      const retryable =
        transportError !== undefined ||
        (res !== undefined &&
          (res.status === 429 ||
            res.status === 412 ||
            (res.status >= 500 && res.status !== 501)));
      if (!retryable || attempt >= maxRetries) {
        if (transportError !== undefined)
          throw new VaultApiError(transportError);
        return res!;
      }
      await this.#options.clock.sleep(1250 * (attempt + 1));
    }
  }

  #hostPort(): string {
    const u = new URL(this.#options.address);
    return `${u.hostname}:${
      u.port || (u.protocol === 'https:' ? '443' : '80')
    }`;
  }

  #once(
    method: string,
    path: string,
    query: string,
    body?: unknown,
  ): Promise<RawResponse> {
    const target = new URL(this.url(path, query));
    const payload =
      body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (this.token) headers['X-Vault-Token'] = this.token;
    if (this.namespace) headers['X-Vault-Namespace'] = this.namespace;
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = transport.request(
        target,
        {
          method,
          headers,
          ca: this.#options.caPem,
          agent: false,
          timeout: this.#options.timeoutMs ?? 60_000,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function parseJson(text: string): VaultSecret | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as VaultSecret;
  } catch {
    return null;
  }
}

function nonEmpty(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    Object.keys(value as object).length > 0
  );
}
