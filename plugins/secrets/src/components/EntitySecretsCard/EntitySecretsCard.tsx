import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  type EntitySecretsSummary,
  secretSyncStatuses,
} from '@secrets-plugin/plugin-secrets-common';
import { useEntitySecretsSummaryView } from '../../hooks/useEntitySecretsView';
import { rowLink } from '../../lib/labels';
import { statusLabel } from '../../lib/status';
import { StatusChip } from '../StatusChip';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { SecretsRefusal } from '../SecretsRefusal';

/** Props of {@link EntitySecretsCard}. @public */
export interface EntitySecretsCardProps {
  /** Path of the Secrets tab relative to the entity page. */
  tabPath?: string;
}

/** "payments-api-db in prod-eu: permission denied …", one line, linking to its row in the tab. */
function Headline(props: { data: EntitySecretsSummary; tabPath: string }) {
  const row = props.data.headline;
  if (!row) return null;
  const cause = row.cause ?? statusLabel[row.status];
  const to = `${props.tabPath}?${new URLSearchParams({
    secret: rowLink(row),
  })}`;
  return (
    <Typography
      variant="body2"
      noWrap
      title={`${row.name} in ${row.cluster}: ${cause}`}
    >
      <Link to={to}>
        {row.name} in {row.cluster}
      </Link>
      : {cause}
    </Typography>
  );
}

function SecretsSummary(props: EntitySecretsCardProps) {
  const { entity } = useEntity();
  const view = useEntitySecretsSummaryView(entity);
  const tabPath = props.tabPath ?? 'secrets';
  const deepLink = { title: 'View secrets', link: tabPath };
  if (view.state === 'loading') return <Progress />;
  if (view.state === 'error') return <ResponseErrorPanel error={view.error} />;
  if (view.state !== 'ready') {
    return (
      <InfoCard title="Secrets">
        {view.state === 'refused' ? (
          <SecretsRefusal entity={entity} compact />
        ) : (
          <Typography variant="body2">
            No Kubernetes annotation: this component's ExternalSecrets cannot be
            found.
          </Typography>
        )}
      </InfoCard>
    );
  }
  const { counts, worst } = view.data;
  const unreachable = view.data.errors.length;
  return (
    <InfoCard title="Secrets" deepLink={deepLink}>
      <Typography variant="body1">
        {worst
          ? `Worst status: ${statusLabel[worst]}`
          : 'No ExternalSecrets found for this component'}
      </Typography>
      <Headline data={view.data} tabPath={tabPath} />
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

/**
 * Overview card: worst status, the failing secret and its cause in one line (linking to its row),
 * counts by status and a link to the Secrets tab. A user without `secrets.entity.read` sees why,
 * in one line, instead.
 * @public
 */
export function EntitySecretsCard(props: EntitySecretsCardProps) {
  return (
    <SecretsQueryProvider>
      <SecretsSummary {...props} />
    </SecretsQueryProvider>
  );
}
