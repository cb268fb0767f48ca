import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import {
  allow,
  deny,
  type RotationPolicyRule,
  type TenantConfig,
} from '../types';

/** `secret/payments/` holds `secret/payments/db` but not `secret/payments-old/db`. */
function insidePrefix(fullPath: string, prefix: string): boolean {
  const p = prefix.replace(/^\/+/, '');
  if (p === '' || p === '*') return true;
  const dir = p.endsWith('/') ? p : `${p}/`;
  return fullPath === p.replace(/\/$/, '') || fullPath.startsWith(dir);
}

function sameServer(plan: RotationPlan['vault'], configured: string): boolean {
  return (
    configured === plan.serverName ||
    configured.replace(/\/+$/, '') === plan.server.replace(/\/+$/, '')
  );
}

/**
 * The key must lie inside a Vault location of a tenant that owns the entity. This is what stops a
 * team from rotating another team's key through a shared ExternalSecret, a crafted group id or a
 * ClusterExternalSecret: the plan's coordinates are computed on the server from what clusters
 * read, and only the owner's configured locations pass.
 */
export function tenantBoundaryRule(
  tenants: TenantConfig[],
): RotationPolicyRule {
  return {
    id: 'tenant-boundary',
    title: "The key lies inside the owner's Vault namespace and paths",
    evaluate({ plan, entityOwners }) {
      const v = plan.vault;
      const fullPath = `${v.mount}/${v.path}`;
      const own = tenants.filter(t => entityOwners.includes(t.owner));
      if (own.length === 0) {
        return deny(
          `No tenant is configured for ${
            entityOwners.join(', ') || "the entity's owner"
          } (secrets.tenants), so no key can be rotated for it`,
        );
      }
      const match = own.find(t =>
        t.vault.some(
          loc =>
            sameServer(v, loc.server) &&
            (loc.namespace ?? '') === (v.namespace ?? '') &&
            loc.paths.some(p => insidePrefix(fullPath, p)),
        ),
      );
      const where = `${v.serverName ?? v.server}${
        v.namespace ? ` namespace ${v.namespace}` : ''
      } ${fullPath}`;
      return match
        ? allow(`${where} belongs to ${match.owner}`)
        : deny(
            `${where} is outside the Vault locations of ${own
              .map(t => t.owner)
              .join(', ')}`,
          );
    },
  };
}
