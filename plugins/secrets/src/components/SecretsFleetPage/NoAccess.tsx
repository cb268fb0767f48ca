import { EmptyState } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { secretsFleetReadPermission } from '@secrets-plugin/plugin-secrets-common';

/** Shown when the backend refuses the fleet view altogether (a 403). */
export function NoAccess() {
  return (
    <EmptyState
      missing="info"
      title="You don't have access to the secrets fleet view"
      description={`Fleet health needs the ${secretsFleetReadPermission.name} permission. Ask your platform team to grant it. The Secrets tab of your own components is unaffected.`}
    />
  );
}

/** Above a fleet view filtered to the user's own entities: what they see, and what would show more. */
export function ScopedNotice() {
  return (
    <Alert severity="info">
      Showing the entities whose secrets you may read. The whole fleet needs the{' '}
      {secretsFleetReadPermission.name} permission (the platform team has it).
    </Alert>
  );
}
