import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  secretsStoreRevalidatePermission,
  type StoreRef,
} from '@secrets-plugin/plugin-secrets-common';
import { useFleet } from '../../hooks/useFleet';
import { ApprovalsPending } from '../ApprovalsPending';
import { ClusterBanners } from '../ClusterBanners';
import { FleetCanary } from '../FleetCanary';
import { FleetRotations } from '../FleetRotations';
import { SecretsSkeleton } from '../SecretsSkeleton';
import { FailingQuery, FleetFailingTable } from '../FleetFailingTable';
import { FleetClustersTable } from '../FleetClustersTable';
import { FleetStoresTable, revalidatable } from '../FleetStoresTable';
import { RevalidateDialog } from '../RevalidateDialog';
import { VaultServersTable } from '../VaultServers';
import { isNotAllowed } from '../../lib/errors';
import { NoAccess, ScopedNotice } from './NoAccess';

/**
 * Clusters, rotations waiting for the user's approval, rotations in flight and failed, canary
 * propagation, stores, Vault servers and failing ExternalSecrets, as far as the user may see them.
 */
export function FleetOverview(props: {
  /** The user lacks `secrets.fleet.read`: the backend answers with their own entities only. */
  scoped?: boolean;
}) {
  const [query, setQuery] = useState<FailingQuery>({ offset: 0, limit: 50 });
  const [revalidating, setRevalidating] = useState<StoreRef[]>();
  const fleet = useFleet(query, true);
  const canRevalidate = usePermission({
    permission: secretsStoreRevalidatePermission,
  });

  if (fleet.isPending) return <SecretsSkeleton />;
  if (fleet.isError) {
    return isNotAllowed(fleet.error) ? (
      <NoAccess />
    ) : (
      <ResponseErrorPanel error={fleet.error} />
    );
  }
  const { data } = fleet;
  if (data.clusters.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No clusters configured"
        description="Add clusters under secrets.clusters (or kubernetes.clusterLocatorMethods) in app-config.yaml."
      />
    );
  }
  // Only where the backend says Vault can serve again and ESO is merely in backoff.
  const fixable = revalidatable(data.stores);
  const now = Date.parse(data.generatedAt);
  const onRevalidate = canRevalidate.allowed ? setRevalidating : undefined;
  return (
    <Box display="grid" gridGap={16}>
      {props.scoped && <ScopedNotice />}
      <ClusterBanners errors={data.errors} clusters={data.clusters} />
      <InfoCard title="Clusters">
        <FleetClustersTable clusters={data.clusters} />
      </InfoCard>
      <ApprovalsPending />
      <FleetRotations now={now} />
      <InfoCard title="Canary propagation">
        <FleetCanary clusters={data.clusters} now={now} />
      </InfoCard>
      <InfoCard
        title="Secret stores"
        action={
          onRevalidate && fixable.length > 0 ? (
            <Button variant="outlined" onClick={() => onRevalidate(fixable)}>
              Revalidate {fixable.length} store{fixable.length === 1 ? '' : 's'}{' '}
              Vault can serve again
            </Button>
          ) : undefined
        }
      >
        <FleetStoresTable
          stores={data.stores}
          vaultServers={data.vaultServers}
          now={now}
          onRevalidate={onRevalidate}
        />
      </InfoCard>
      <InfoCard title="Vault servers">
        <VaultServersTable servers={data.vaultServers} now={now} />
      </InfoCard>
      <InfoCard title="Failing ExternalSecrets">
        <FleetFailingTable
          failing={data.failing}
          clusters={data.clusters.map(c => c.name)}
          errors={data.errors}
          clusterSummaries={data.clusters}
          now={now}
          query={query}
          onQueryChange={setQuery}
        />
      </InfoCard>
      {revalidating && (
        <RevalidateDialog
          stores={revalidating}
          onClose={() => setRevalidating(undefined)}
        />
      )}
    </Box>
  );
}
