/*
 * Injected answers for the failures a Vault cluster gives under load or mid-failover, each with
 * the status, body and headers real Vault sends (hashicorp/vault http/handler.go, sdk/logical
 * response_util.go RespondErrorCommon, vault/quotas):
 *   412 `required index state not present`: a performance standby asked (X-Vault-Index) for a
 *       state it has not replicated yet; nothing was done, the client retries with backoff;
 *   429 `request path "<path>": rate limit quota exceeded`, with Retry-After: nothing was done;
 *   503 `Vault is sealed`, with `seal: true` sealing the server as the request arrives (a sealed
 *       Vault answers every later request 503 as well, until unsealed);
 *   500 / 502: an internal or upstream error.
 * A fault matches by method and by path prefix (after /v1/, namespace header not included) and
 * answers `times` matching requests, then clears itself.
 */

export type VaultFaultStatus = 412 | 429 | 500 | 502 | 503;

export interface VaultFault {
  status: VaultFaultStatus;
  /** `GET`, `POST`, `PATCH`, `LIST`, ...; any method when absent. */
  method?: string;
  /** Prefix of the API path after /v1/, e.g. `secret/data/payments-api/db`; any path when absent. */
  path?: string;
  /** Only requests in this namespace (X-Vault-Namespace, slashes trimmed). */
  namespace?: string;
  /** How many matching requests get the fault; default 1. */
  times?: number;
  /** 503 only: seal the server when the first matching request arrives. */
  seal?: boolean;
}

export interface FaultReply {
  status: number;
  body: { errors: string[] };
  headers?: Record<string, string>;
  /** The server seals before answering. */
  seal?: boolean;
}

const STATUSES: ReadonlySet<number> = new Set([412, 429, 500, 502, 503]);

/** Checks what the admin API was sent; throws a message naming the wrong field. */
export function parseVaultFault(body: Record<string, unknown>): VaultFault {
  const status = Number(body.status);
  if (!STATUSES.has(status))
    throw new Error('expected {status: 412|429|500|502|503, ...}');
  const optionalString = (field: string) => {
    const value = body[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value)
      throw new Error(`expected {${field}: string}`);
    return value;
  };
  const times = body.times === undefined ? 1 : Number(body.times);
  if (!Number.isInteger(times) || times < 1)
    throw new Error('expected {times: a positive integer}');
  if (body.seal !== undefined && typeof body.seal !== 'boolean')
    throw new Error('expected {seal: boolean}');
  if (body.seal && status !== 503)
    throw new Error('seal: true goes with status 503');
  return {
    status: status as VaultFaultStatus,
    method: optionalString('method')?.toUpperCase(),
    path: optionalString('path')?.replace(/^\/?(v1\/)?/, ''),
    namespace: optionalString('namespace'),
    times,
    seal: body.seal === true,
  };
}

const trimNs = (ns: string | undefined) => (ns ?? '').replace(/^\/+|\/+$/g, '');

function replyFor(fault: VaultFault, path: string): FaultReply {
  switch (fault.status) {
    case 412:
      return {
        status: 412,
        body: { errors: ['required index state not present'] },
      };
    case 429:
      return {
        status: 429,
        body: {
          errors: [`request path "${path}": rate limit quota exceeded`],
        },
        headers: { 'Retry-After': '1' },
      };
    case 503:
      return {
        status: 503,
        body: { errors: ['Vault is sealed'] },
        seal: fault.seal,
      };
    case 502:
      return { status: 502, body: { errors: ['upstream error'] } };
    default:
      return {
        status: 500,
        body: { errors: ['1 error occurred:\n\t* internal error\n\n'] },
      };
  }
}

export class VaultFaults {
  readonly #faults: Array<VaultFault & { left: number }> = [];

  add(fault: VaultFault): void {
    this.#faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): number {
    return this.#faults.splice(0).length;
  }

  /** The injected answer for this request, if a fault matches (and counts it). */
  take(
    method: string,
    path: string,
    namespace?: string,
  ): FaultReply | undefined {
    const fault = this.#faults.find(
      f =>
        (!f.method || f.method === method.toUpperCase()) &&
        (!f.path || path.startsWith(f.path)) &&
        (f.namespace === undefined ||
          trimNs(f.namespace) === trimNs(namespace)),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return replyFor(fault, path);
  }
}
