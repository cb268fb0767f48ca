import { readFile } from 'node:fs/promises';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { encodeVaultPath } from './kvPaths';
import type { VaultCredentials } from './vaultServers';
import { toBackstageError, vaultStatusOf } from './vaultErrors';
import type { VaultTransport } from './vaultTransport';

/** Renew before Vault's expiry so a call does not race it. */
const EXPIRY_MARGIN = 0.1;

interface CachedToken {
  token: string;
  /** undefined = never expires (lease 0) */
  renewAtMs?: number;
}

/**
 * The token for one set of credentials: the configured one, or one obtained by AppRole or
 * Kubernetes login, cached until shortly before its lease ends or until a call is refused.
 */
export class VaultTokenSource {
  #cached?: CachedToken;
  #pending?: Promise<CachedToken>;

  constructor(
    private readonly credentials: VaultCredentials,
    /** A transport in the credentials' namespace: the auth mount lives there. */
    private readonly login: VaultTransport,
    private readonly serverName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Only a token from a login can be replaced by logging in again. */
  get renewable(): boolean {
    return this.credentials.auth.type !== 'token';
  }

  async token(): Promise<string> {
    const { auth } = this.credentials;
    if (auth.type === 'token') return auth.token;
    const cached = this.#cached;
    if (
      cached &&
      (cached.renewAtMs === undefined || cached.renewAtMs > this.now())
    )
      return cached.token;
    if (!this.#pending) {
      this.#pending = this.#logIn().finally(() => {
        this.#pending = undefined;
      });
    }
    this.#cached = await this.#pending;
    return this.#cached.token;
  }

  /** Called when Vault refused `token`: the next call logs in again (unless another already did). */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async #logIn(): Promise<CachedToken> {
    const { auth, namespace, configKey } = this.credentials;
    if (auth.type === 'token') throw new Error('a token needs no login');
    const method = auth.type === 'approle' ? 'AppRole' : 'Kubernetes';
    const operation = `Vault login to server ${this.serverName}${
      namespace ? ` namespace ${namespace}` : ''
    } with ${method} auth at auth/${auth.mountPath} (${configKey})`;
    const body =
      auth.type === 'approle'
        ? { role_id: auth.roleId, secret_id: auth.secretId }
        : {
            role: auth.role,
            jwt: await readJwt(auth.serviceAccountTokenFile, operation),
          };
    const started = this.now();
    let response: any;
    try {
      response = await this.login.write(
        `auth/${encodeVaultPath(auth.mountPath, 'auth mount')}/login`,
        body,
      );
    } catch (error) {
      const mapped = toBackstageError(error, operation);
      const status = vaultStatusOf(error);
      // a refused login is the plugin's credentials being wrong, not the request
      if (status === 400 || status === 403)
        throw new NotAllowedError(mapped.message);
      throw mapped;
    }
    const token = response?.auth?.client_token;
    if (typeof token !== 'string' || !token)
      throw new ServiceUnavailableError(
        `${operation}: the answer held no token`,
      );
    const leaseSeconds = Number(response.auth.lease_duration ?? 0);
    return {
      token,
      renewAtMs:
        leaseSeconds > 0
          ? started + leaseSeconds * 1000 * (1 - EXPIRY_MARGIN)
          : undefined,
    };
  }
}

/** Read on every login: the kubelet rotates projected service-account tokens. */
async function readJwt(file: string, operation: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new ServiceUnavailableError(
      `${operation}: cannot read the service-account token file ${file} (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    );
  }
}
