/*
 * SecretStoreSpec.GetRefreshInterval (apis/externalsecrets/v1/secretstore_types.go, v2.8+):
 * an int is seconds, a string is a Go duration; unset or 0 means the controller default.
 */
import { parseGoDuration } from '../go/goDuration';
import type { SecretStoreSpec } from '../types';

export function storeRefreshIntervalMs(
  spec: SecretStoreSpec,
  defaultMs: number,
): number {
  const value = spec.refreshInterval;
  if (value === undefined || value === null) return defaultMs;
  let ms: number;
  if (typeof value === 'number') {
    if (value < 0)
      throw new Error(
        `invalid refreshInterval: invalid refreshInterval ${value}: must not be negative`,
      );
    ms = value * 1000;
  } else {
    try {
      ms = parseGoDuration(value);
    } catch (error) {
      throw new Error(
        `invalid refreshInterval: invalid refreshInterval ${JSON.stringify(
          value,
        )}: ${(error as Error).message}`,
      );
    }
    if (ms < 0)
      throw new Error(
        `invalid refreshInterval: invalid refreshInterval ${JSON.stringify(
          value,
        )}: must not be negative`,
      );
  }
  return ms > 0 ? ms : defaultMs;
}
