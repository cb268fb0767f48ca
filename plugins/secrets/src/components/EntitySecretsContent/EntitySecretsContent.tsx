import { useDeferredValue, useMemo, useState } from 'react';
import {
  EmptyState,
  MissingAnnotationEmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  type EntitySecretsResponse,
  isSecretsAvailable,
} from '@internal/plugin-secrets-common';
import { useEntitySecrets } from '../../hooks/useEntitySecrets';
import { defaultSecretFilters, filterGroups } from '../../lib/filterGroups';
import { ClusterBanners } from '../ClusterBanners';
import { SecretGroupTable } from '../SecretGroupTable';
import { SecretsFilterBar } from '../SecretsFilterBar';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { SecretsSkeleton } from './SecretsSkeleton';

function SecretGroups(props: { data: EntitySecretsResponse }) {
  const { data } = props;
  const [filters, setFilters] = useState(defaultSecretFilters);
  // Typing stays responsive: the input updates at once, the 500-row filter follows when idle.
  const deferred = useDeferredValue(filters);
  const groups = useMemo(
    () => filterGroups(data.groups, deferred),
    [data.groups, deferred],
  );
  const clusters = useMemo(
    () =>
      [...new Set(data.groups.flatMap(g => g.rows.map(r => r.cluster)))].sort(),
    [data.groups],
  );
  const now = Date.parse(data.generatedAt);
  return (
    <>
      <SecretsFilterBar
        filters={filters}
        clusters={clusters}
        onChange={setFilters}
      />
      {groups.length === 0 && (
        <Typography role="status">
          No ExternalSecret matches these filters.
        </Typography>
      )}
      {groups.map(g => (
        <SecretGroupTable key={g.id} vault={g.vault} rows={g.rows} now={now} />
      ))}
    </>
  );
}

function EntitySecrets() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const available = isSecretsAvailable(entity);
  const query = useEntitySecrets(entityRef, available);

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_KUBERNETES_ID} />
    );
  }
  if (query.isPending) return <SecretsSkeleton />;
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  return (
    <>
      <ClusterBanners
        errors={query.data.errors}
        clusters={query.data.clusters}
      />
      {query.data.groups.length === 0 ? (
        <EmptyState
          missing="data"
          title="No ExternalSecrets found"
          description={
            selector
              ? `No cluster has an ExternalSecret matching the label selector ${selector}. Label this component's ExternalSecrets so the selector matches them.`
              : `No cluster has an ExternalSecret labelled ${ANNOTATION_KUBERNETES_ID}=${
                  annotations[ANNOTATION_KUBERNETES_ID] ?? entity.metadata.name
                }. Label the ExternalSecrets of this component to see their sync status here.`
          }
        />
      ) : (
        <SecretGroups data={query.data} />
      )}
    </>
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
