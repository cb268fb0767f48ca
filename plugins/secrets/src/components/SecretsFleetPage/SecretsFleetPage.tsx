import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../../api';
import { SecretsQueryProvider } from '../SecretsQueryProvider';

function FleetOverview() {
  const secretsApi = useApi(secretsApiRef);
  const query = useQuery({
    queryKey: ['secrets', 'fleet'],
    queryFn: () => secretsApi.getFleet(),
  });
  if (query.isPending) return <Progress />;
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  if (query.data.clusters.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No clusters configured"
        description="Add clusters under secrets.clusters (or kubernetes.clusterLocatorMethods) in app-config.yaml."
      />
    );
  }
  return (
    <EmptyState
      missing="content"
      title={`${query.data.clusters.length} cluster(s) watched`}
      description="Fleet health is listed here."
    />
  );
}

/** Fleet health for the platform team: clusters, stores and failing ExternalSecrets. @public */
export function SecretsFleetPage() {
  return (
    <SecretsQueryProvider>
      <Content>
        <FleetOverview />
      </Content>
    </SecretsQueryProvider>
  );
}
