import type { Backend, BackendRequest, BackendResult } from '../core/backend';
import { parseDurationSeconds } from '../core/timefmt';
import { errorResponse } from '../http/errors';
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../tokens/TokenStore';

/**
 * KV version 1 (Vault's passthrough backend): flat key/value maps, no versions or metadata.
 * A `ttl` (or legacy `lease`) key only sets the advisory lease_duration of reads.
 */
export class Kv1Backend implements Backend {
  readonly type = 'kv';
  readonly entries = new Map<string, Record<string, unknown>>();

  existenceCheck(req: BackendRequest): boolean {
    return this.entries.has(req.path);
  }

  handle(req: BackendRequest): BackendResult {
    const { path, operation } = req;
    switch (operation) {
      case 'read': {
        const value = this.entries.get(path);
        if (!value) return undefined;
        const ttlRaw = value.ttl ?? value.lease;
        const ttl =
          ttlRaw === undefined ? undefined : parseDurationSeconds(ttlRaw);
        return {
          data: structuredClone(value),
          leaseDuration: ttl ?? SYSTEM_DEFAULT_TTL_SECONDS,
        };
      }
      case 'create':
      case 'update': {
        if (path === '') throw errorResponse('missing path');
        if (Object.keys(req.data).length === 0)
          throw errorResponse('missing data fields');
        this.entries.set(path, structuredClone(req.data));
        return undefined;
      }
      case 'delete':
        this.entries.delete(path);
        return undefined;
      case 'list': {
        const names = new Set<string>();
        for (const key of this.entries.keys()) {
          if (!key.startsWith(path)) continue;
          const rest = key.slice(path.length);
          const slash = rest.indexOf('/');
          names.add(slash >= 0 ? rest.slice(0, slash + 1) : rest);
        }
        return { data: { keys: [...names].sort() } };
      }
      default:
        throw errorResponse('unsupported operation', 405);
    }
  }
}
