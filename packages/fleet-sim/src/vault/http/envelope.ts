import { newUuid } from '../core/ids';
import type { BackendResponse } from '../core/backend';

/** Go marshals map[string]interface{} with sorted keys; Vault's `data` is always such a map. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return out;
}

/** logical.HTTPResponse as written by http/logical.go respondLogical. */
export function envelope(
  result: BackendResponse,
  mountType: string,
): Record<string, unknown> {
  const data =
    result.data === undefined
      ? null
      : (sortKeysDeep(result.data) as Record<string, unknown> | null);
  const body: Record<string, unknown> = {
    request_id: newUuid(),
    lease_id: '',
    renewable: false,
    lease_duration: result.leaseDuration ?? 0,
    data,
    wrap_info: null,
    warnings: result.warnings?.length ? result.warnings : null,
    auth: result.auth
      ? { ...result.auth, metadata: sortKeysDeep(result.auth.metadata) }
      : null,
    mount_type: mountType,
  };
  return result.echoDataAtTopLevel && data ? { ...data, ...body } : body;
}

export function errorBody(errors: string[]): Record<string, unknown> {
  return { errors };
}
