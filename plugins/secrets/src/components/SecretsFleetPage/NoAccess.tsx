import { EmptyState } from '@backstage/core-components';
import { secretsFleetReadPermission } from '@internal/plugin-secrets-common';

/** Shown instead of the fleet view to users without `secrets.fleet.read`. */
export function NoAccess() {
  return (
    <EmptyState
      missing="info"
      title="You don't have access to the secrets fleet view"
      description={`Fleet health needs the ${secretsFleetReadPermission.name} permission. Ask your platform team to grant it. The Secrets tab of your own components is unaffected.`}
    />
  );
}
