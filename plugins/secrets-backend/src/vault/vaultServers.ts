import { NotFoundError } from '@backstage/errors';
import type { VaultAuthConfig, VaultServerConfig } from '../config/types';
import { normaliseNamespace } from './kvPaths';
import { normalisedOrRaw } from './vaultUrl';

/** The configured server a SecretStore's `server` URL names, if any (same normalisation). */
export function matchVaultServer(
  servers: readonly VaultServerConfig[],
  server: string | undefined,
): VaultServerConfig | undefined {
  if (!server) return undefined;
  const wanted = normalisedOrRaw(server);
  return servers.find(s => s.url === wanted);
}

export function findVaultServer(
  servers: VaultServerConfig[],
  server: string,
): VaultServerConfig {
  const wanted = normalisedOrRaw(server);
  const found = matchVaultServer(servers, server);
  if (!found)
    throw new NotFoundError(
      `No Vault server '${wanted}' is configured: add it to secrets.vault[] with url: ${wanted}`,
    );
  return found;
}

export interface VaultCredentials {
  auth: VaultAuthConfig;
  /** Where the credentials live (and so where to log in): '' = root. */
  namespace: string;
  /** The config key that holds them, for messages. */
  configKey: string;
}

/**
 * Credentials for a secret in `namespace`: that namespace's own entry, else the server's, which
 * is used from the root with the namespace header (it works when its policies reach the child).
 */
export function credentialsFor(
  server: VaultServerConfig,
  namespace: string | undefined,
): VaultCredentials {
  const wanted = normaliseNamespace(namespace);
  const index = server.namespaces.findIndex(
    n => normaliseNamespace(n.namespace) === wanted,
  );
  if (wanted && index >= 0)
    return {
      auth: server.namespaces[index].auth,
      namespace: wanted,
      configKey: `secrets.vault[name=${server.name}].namespaces[${index}].auth`,
    };
  return {
    auth: server.auth,
    namespace: '',
    configKey: `secrets.vault[name=${server.name}].auth`,
  };
}
