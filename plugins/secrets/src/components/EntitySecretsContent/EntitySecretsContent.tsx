import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  EmptyState,
  MissingAnnotationEmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  type EntitySecretsResponse,
  secretsStoreRevalidatePermission,
  type StoreRef,
} from '@secrets-plugin/plugin-secrets-common';
import { useEntitySecretsView } from '../../hooks/useEntitySecretsView';
import { clusterNotes } from '../../lib/clusterNotes';
import { defaultSecretFilters, matchGroups } from '../../lib/filterGroups';
import { rowDomId } from '../../lib/labels';
import { ApprovalBanner } from '../ApprovalBanner';
import { ClusterBanners } from '../ClusterBanners';
import { RevalidateDialog } from '../RevalidateDialog';
import { SecretGroupTable } from '../SecretGroupTable';
import { SecretsFilterBar } from '../SecretsFilterBar';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { SecretsRefusal } from '../SecretsRefusal';
import { SecretsSkeleton } from '../SecretsSkeleton';
import { VaultServerState } from '../VaultServers';
import { useEntityRotations } from './EntityRotations';

/**
 * The row the overview card linked to (`?secret=cluster/namespace/name`), scrolled into view once
 * (not again on every poll, which would pull the page back while the user reads elsewhere).
 */
function useLinkedRow(): string | undefined {
  const [params] = useSearchParams();
  const linked = params.get('secret') ?? undefined;
  const scrolled = useRef<string>();
  useEffect(() => {
    if (!linked || scrolled.current === linked) return;
    const row = document.getElementById(rowDomId(linked));
    if (!row) return;
    row.scrollIntoView?.({ block: 'center' });
    scrolled.current = linked;
  });
  return linked;
}

/** From this many rows on, groups below the fold wait to be scrolled near (SecretGroupTable). */
const DEFER_OFFSCREEN_ROWS = 100;

function SecretGroups(props: { data: EntitySecretsResponse }) {
  const { data } = props;
  const [filters, setFilters] = useState(defaultSecretFilters);
  // Typing stays responsive: the input updates at once, the 500-row filter follows when idle.
  const deferred = useDeferredValue(filters);
  // Every group, with the rows the filters match: the others stay mounted, hidden (widening is
  // then as cheap as narrowing).
  const groups = useMemo(
    () => matchGroups(data.groups, deferred),
    [data.groups, deferred],
  );
  const nothingMatches = groups.every(
    m => m.matching.size === 0 && m.group.rows.length > 0,
  );
  const clusters = useMemo(
    () =>
      [...new Set(data.groups.flatMap(g => g.rows.map(r => r.cluster)))].sort(),
    [data.groups],
  );
  const deferOffscreen =
    useMemo(
      () => data.groups.reduce((n, g) => n + g.rows.length, 0),
      [data.groups],
    ) >= DEFER_OFFSCREEN_ROWS;
  const notes = useMemo(
    () => clusterNotes(data.errors, data.clusters),
    [data.errors, data.clusters],
  );
  const linked = useLinkedRow();
  const now = Date.parse(data.generatedAt);
  // Platform engineers on the tab can revalidate a stuck store where the backend says it helps.
  const canRevalidate = usePermission({
    permission: secretsStoreRevalidatePermission,
  });
  const [revalidating, setRevalidating] = useState<StoreRef[]>();
  const rotations = useEntityRotations(data.entityRef, data.groups);
  return (
    <>
      <ApprovalBanner entityRef={data.entityRef} groups={data.groups} />
      <SecretsFilterBar
        filters={filters}
        clusters={clusters}
        onChange={setFilters}
      />
      {data.vaultServers.length > 0 && (
        <Box display="flex" flexWrap="wrap" gridColumnGap={24} mb={1}>
          {data.vaultServers.map(s => (
            <VaultServerState key={s.name} server={s} now={now} />
          ))}
        </Box>
      )}
      {nothingMatches && (
        <Typography role="status">
          No ExternalSecret matches these filters.
        </Typography>
      )}
      {groups.map(({ group: g, matching }) => (
        <SecretGroupTable
          key={g.id}
          vault={g.vault}
          rows={g.rows}
          matching={matching}
          now={now}
          clusterNotes={notes}
          vaultServers={data.vaultServers}
          storeAdvice={data.storeAdvice}
          highlighted={linked}
          onRevalidate={canRevalidate.allowed ? setRevalidating : undefined}
          actions={rotations.actionsFor(g)}
          age={g.age}
          deferOffscreen={deferOffscreen}
        />
      ))}
      {rotations.entityHistory}
      {rotations.dialogs}
      {revalidating && (
        <RevalidateDialog
          stores={revalidating}
          onClose={() => setRevalidating(undefined)}
        />
      )}
    </>
  );
}

function EntitySecrets() {
  const { entity } = useEntity();
  const view = useEntitySecretsView(entity);

  switch (view.state) {
    case 'unavailable':
      return (
        <MissingAnnotationEmptyState annotation={ANNOTATION_KUBERNETES_ID} />
      );
    case 'loading':
      return <SecretsSkeleton />;
    case 'refused':
      return <SecretsRefusal entity={entity} />;
    case 'error':
      return <ResponseErrorPanel error={view.error} />;
    default:
  }
  const { data } = view;
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  return (
    <>
      <ClusterBanners errors={data.errors} clusters={data.clusters} />
      {data.groups.length === 0 ? (
        <EmptyState
          missing="data"
          title="No ExternalSecrets found"
          description={
            selector
              ? `No cluster has an ExternalSecret matching the label selector ${selector}. Label this component's ExternalSecrets so the selector matches them.`
              : `No cluster has an ExternalSecret labelled ${ANNOTATION_KUBERNETES_ID}=${
                  annotations[ANNOTATION_KUBERNETES_ID] || entity.metadata.name
                }. Label the ExternalSecrets of this component to see their sync status here.`
          }
        />
      ) : (
        <SecretGroups data={data} />
      )}
    </>
  );
}

/**
 * The entity's Secrets tab: ESO sync status of every ExternalSecret of the entity. The tab is
 * offered for every entity with the Kubernetes annotations (the new frontend system's content
 * filter sees the entity, not the user); a user without `secrets.entity.read` gets an explanation
 * in it, without a request.
 * @public
 */
export function EntitySecretsContent() {
  return (
    <SecretsQueryProvider>
      <EntitySecrets />
    </SecretsQueryProvider>
  );
}
