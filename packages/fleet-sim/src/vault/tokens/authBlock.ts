import type { AuthBlock } from '../core/backend';
import type { TokenEntry } from './TokenStore';

/** The `auth` block returned by logins, token creation and renewals (logical.HTTPAuth). */
/** `lease_duration` is the TTL just granted (creation TTL, or the renewed TTL), not the time left. */
export function authBlock(
  entry: TokenEntry,
  leaseSeconds = entry.creationTtl,
): AuthBlock {
  return {
    client_token: entry.id,
    accessor: entry.accessor,
    policies: entry.policies,
    token_policies: entry.policies,
    metadata: entry.meta,
    lease_duration: leaseSeconds,
    renewable: entry.renewable,
    entity_id: entry.entityId,
    token_type: 'service',
    orphan: entry.orphan,
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
}
