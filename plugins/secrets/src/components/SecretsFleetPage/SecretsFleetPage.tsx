import { Content, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { secretsFleetReadPermission } from '@secrets-plugin/plugin-secrets-common';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { FleetOverdueKeys } from '../FleetOverdueKeys';
import { FleetOverview } from './FleetOverview';

function PermittedFleet() {
  const permission = usePermission({ permission: secretsFleetReadPermission });
  if (permission.loading) return <Progress />;
  // Without secrets.fleet.read the backend answers with the user's own entities only.
  return <FleetOverview scoped={!permission.allowed} />;
}

/**
 * Fleet health: clusters, stores and failing ExternalSecrets; the whole fleet for the platform
 * team (`secrets.fleet.read`), the rows of the entities they may read for everyone else. Content
 * only: the new frontend system draws the page header itself.
 * @public
 */
export function SecretsFleetPage() {
  return (
    <SecretsQueryProvider>
      <Content>
        <PermittedFleet />
        <FleetOverdueKeys />
      </Content>
    </SecretsQueryProvider>
  );
}
