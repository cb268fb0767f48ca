/**
 * The one normalisation of a Vault server URL, shared by config and by SecretStore coordinates:
 * stores may write the configured server with or without a trailing slash or default port.
 */
export function normaliseVaultUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** `normaliseVaultUrl`, or the value as written when it is not a URL (a broken store's spec). */
export function normalisedOrRaw(value: string): string {
  try {
    return normaliseVaultUrl(value);
  } catch {
    return value;
  }
}
