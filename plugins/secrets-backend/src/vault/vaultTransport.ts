import NodeVault from 'node-vault';
import type { VaultServerConfig } from '../config/types';

/** Raw Vault calls for one server and one namespace; errors are node-vault's, unmapped. */
export interface VaultTransport {
  read(path: string, token?: string): Promise<any>;
  write(path: string, body: object, token?: string): Promise<any>;
  /** `PATCH` as a JSON merge patch (RFC 7386), as KV v2 data and metadata take it. */
  patch(path: string, body: object, token?: string): Promise<any>;
  /** `GET sys/health`, unauthenticated; node-vault resolves its non-2xx answers with their body. */
  health(): Promise<any>;
}

/**
 * node-vault as a plain transport. One client per server + namespace so the namespace header is
 * on every call (a per-call header is overwritten by the client's own, and `update()` drops
 * headers); the token is passed per call so concurrent re-logins never share mutable state.
 */
export function createVaultTransport(
  server: VaultServerConfig,
  namespace: string,
  timeoutMs: number,
): VaultTransport {
  const requestOptions = {
    timeout: timeoutMs,
    strictSSL: !server.skipTLSVerify,
    ...(server.caData
      ? { ca: Buffer.from(server.caData, 'base64').toString('utf8') }
      : {}),
  };
  const client = NodeVault({
    endpoint: server.backendUrl,
    // node-vault's debug output includes request bodies, i.e. secret values
    debug: () => {},
    requestOptions,
  });
  // without these, node-vault falls back to VAULT_TOKEN / VAULT_NAMESPACE / VAULT_PREFIX
  const settable = client as unknown as Record<string, unknown>;
  settable.token = '';
  settable.namespace = namespace;
  settable.pathPrefix = '';
  const headers = (token?: string) =>
    token ? { headers: { 'X-Vault-Token': token } } : { headers: {} };
  return {
    read: (path, token) => client.read(path, headers(token)),
    write: (path, body, token) => client.write(path, body, headers(token)),
    // not node-vault's update(): it replaces the headers, dropping the token; request() also
    // skips the client's requestOptions, so timeout and TLS are passed again
    patch: (path, body, token) =>
      client.request({
        ...requestOptions,
        path: `/${path}`,
        method: 'PATCH',
        json: body,
        headers: {
          ...headers(token).headers,
          'Content-Type': 'application/merge-patch+json',
        },
      }),
    health: () => client.health(),
  };
}
