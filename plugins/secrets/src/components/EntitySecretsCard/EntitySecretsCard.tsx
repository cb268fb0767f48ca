import { useMemo } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  isSecretsAvailable,
  secretSyncStatuses,
} from '@internal/plugin-secrets-common';
import { useEntitySecrets } from '../../hooks/useEntitySecrets';
import { countByStatus, statusLabel, worstStatus } from '../../lib/status';
import { StatusChip } from '../StatusChip';
import { SecretsQueryProvider } from '../SecretsQueryProvider';

/** Props of {@link EntitySecretsCard}. */
export interface EntitySecretsCardProps {
  /** Path of the Secrets tab relative to the entity page. */
  tabPath?: string;
}

function SecretsSummary(props: EntitySecretsCardProps) {
  const { entity } = useEntity();
  const query = useEntitySecrets(
    stringifyEntityRef(entity),
    isSecretsAvailable(entity),
  );
  const counts = useMemo(
    () => countByStatus(query.data?.groups.flatMap(g => g.rows) ?? []),
    [query.data],
  );
  const deepLink = { title: 'View secrets', link: props.tabPath ?? 'secrets' };
  if (query.isPending) return <Progress />;
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  const worst = worstStatus(counts);
  const unreachable = query.data.errors.length;
  return (
    <InfoCard title="Secrets" deepLink={deepLink}>
      <Typography variant="body1">
        {worst
          ? `Worst status: ${statusLabel[worst]}`
          : 'No ExternalSecrets found for this component'}
      </Typography>
      <Box display="flex" flexWrap="wrap" gridGap={8} mt={1}>
        {secretSyncStatuses
          .filter(s => counts[s] > 0)
          .map(s => (
            <StatusChip key={s} status={s} count={counts[s]} />
          ))}
      </Box>
      {unreachable > 0 && (
        <Typography variant="body2" color="error">
          {unreachable} cluster(s) could not be read
        </Typography>
      )}
    </InfoCard>
  );
}

/** Overview card: worst status, counts by status and a link to the Secrets tab. @public */
export function EntitySecretsCard(props: EntitySecretsCardProps) {
  return (
    <SecretsQueryProvider>
      <SecretsSummary {...props} />
    </SecretsQueryProvider>
  );
}
