import { rfc3339Nano } from '../core/timefmt';
import type { VaultCore } from '../core/VaultCore';
import type { TokenEntry } from './TokenStore';

/** `data` of auth/token/lookup-self and lookup (token_store.go handleLookup). */
export function tokenLookupData(
  core: VaultCore,
  entry: TokenEntry,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.creationMs / 1000),
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: entry.entityId,
    expire_time:
      entry.expireMs === undefined ? null : rfc3339Nano(entry.expireMs),
    explicit_max_ttl: entry.explicitMaxTtl,
    id: entry.id,
    issue_time: rfc3339Nano(entry.creationMs),
    meta: entry.meta,
    num_uses: entry.numUses,
    orphan: entry.orphan,
    path: entry.path,
    policies: entry.policies,
    renewable: entry.renewable,
    ttl: core.tokens.ttlSeconds(entry),
    type: 'service',
  };
  if (entry.period > 0) data.period = entry.period;
  if (entry.lastRenewalMs !== undefined) {
    data.last_renewal = rfc3339Nano(entry.lastRenewalMs);
    data.last_renewal_time = Math.floor(entry.lastRenewalMs / 1000);
  }
  const ns = core.namespaceById(entry.namespaceId);
  if (ns && !ns.isRoot) data.namespace_path = ns.path;
  return data;
}
