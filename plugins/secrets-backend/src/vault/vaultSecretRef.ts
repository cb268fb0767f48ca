import type { VaultCoordinates } from '@secrets-plugin/plugin-secrets-common';
import { InputError } from '@backstage/errors';
import type { VaultSecretRef } from './types';

/** The secret an ExternalSecret row reads, as VaultKv wants it; refuses what is not one secret. */
export function vaultSecretRef(coordinates: VaultCoordinates): VaultSecretRef {
  const { server, namespace, mount, key, kvVersion, find } = coordinates;
  if (find !== undefined)
    throw new InputError(
      `Vault reference under '${key}' finds secrets (${find}) rather than naming one`,
    );
  if (!server)
    throw new InputError(`Vault reference '${key}' names no Vault server`);
  if (!mount)
    throw new InputError(`Vault reference '${key}' names no KV mount`);
  return { server, namespace, mount, key, kvVersion };
}
