import { NotFoundError } from '@backstage/errors';
import { normaliseVaultUrl } from '../config/readSecretsConfig';
import type { VaultAuthConfig, VaultServerConfig } from '../config/types';
import { normaliseNamespace } from './kvPaths';

/** Same normalisation as config and as SecretStore coordinates, so `…:8200/` finds `…:8200`. */
function normalisedOrRaw(url: string): string {
  try {
    return normaliseVaultUrl(url);
  } catch {
    return url;
  }
}

export function findVaultServer(
  servers: VaultServerConfig[],
  server: string,
): VaultServerConfig {
  const wanted = normalisedOrRaw(server);
  const found = servers.find(s => s.url === wanted);
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
