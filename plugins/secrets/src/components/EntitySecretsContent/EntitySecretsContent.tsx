import {
  EmptyState,
  MissingAnnotationEmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KUBERNETES_ID,
  isSecretsAvailable,
} from '@internal/plugin-secrets-common';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../../api';
import { SecretsQueryProvider } from '../SecretsQueryProvider';

function EntitySecrets() {
  const { entity } = useEntity();
  const secretsApi = useApi(secretsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const query = useQuery({
    queryKey: ['secrets', 'entity', entityRef],
    queryFn: () => secretsApi.getEntitySecrets(entityRef),
    enabled: isSecretsAvailable(entity),
  });

  if (!isSecretsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_KUBERNETES_ID} />;
  }
  if (query.isPending) return <Progress />;
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  if (query.data.groups.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No ExternalSecrets found"
        description={`No cluster has an ExternalSecret labelled ${ANNOTATION_KUBERNETES_ID}=${
          entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID] ??
          entity.metadata.name
        }. Label the ExternalSecrets of this component to see their sync status here.`}
      />
    );
  }
  return (
    <EmptyState
      missing="content"
      title={`${query.data.groups.length} Vault key(s) in use`}
      description="Per-cluster sync status is listed here."
    />
  );
}

/** The entity's Secrets tab: ESO sync status of every ExternalSecret of the entity. @public */
export function EntitySecretsContent() {
  return (
    <SecretsQueryProvider>
      <EntitySecrets />
    </SecretsQueryProvider>
  );
}
