import { Content, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { secretsFleetReadPermission } from '@internal/plugin-secrets-common';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { FleetOverview } from './FleetOverview';
import { NoAccess } from './NoAccess';

function PermittedFleet() {
  const permission = usePermission({ permission: secretsFleetReadPermission });
  if (permission.loading) return <Progress />;
  if (!permission.allowed) return <NoAccess />;
  return <FleetOverview />;
}

/**
 * Fleet health for the platform team: clusters, stores and failing ExternalSecrets. Content only:
 * the new frontend system draws the page header itself.
 * @public
 */
export function SecretsFleetPage() {
  return (
    <SecretsQueryProvider>
      <Content>
        <PermittedFleet />
      </Content>
    </SecretsQueryProvider>
  );
}
