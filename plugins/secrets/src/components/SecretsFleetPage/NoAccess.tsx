import { EmptyState } from '@backstage/core-components';
import { secretsFleetReadPermission } from '@internal/plugin-secrets-common';

/** A 403 from the backend means the same as a denied permission: say so, no stack trace. */
export function isNotAllowed(error: unknown): boolean {
  const e = error as {
    name?: string;
    body?: { error?: { name?: string } };
    response?: { status?: number };
  };
  return (
    e?.body?.error?.name === 'NotAllowedError' ||
    e?.name === 'NotAllowedError' ||
    e?.response?.status === 403
  );
}

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
