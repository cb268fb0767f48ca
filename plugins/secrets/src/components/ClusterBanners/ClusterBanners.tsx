import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type {
  ClusterError,
  ClusterSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { formatDuration } from '../../lib/time';

/** Props of {@link ClusterBanners}. */
export interface ClusterBannersProps {
  errors: ClusterError[];
  clusters: ClusterSummary[];
}

/** One banner per cluster that failed or is served stale; the rest of the page still renders. */
export function ClusterBanners(props: ClusterBannersProps) {
  const failed = new Set(props.errors.map(e => e.cluster));
  const stale = props.clusters.filter(
    c => c.staleSeconds !== undefined && !failed.has(c.name),
  );
  if (props.errors.length === 0 && stale.length === 0) return null;
  return (
    <Box mb={2} display="grid" gridGap={8}>
      {props.errors.map(e =>
        // not a failure: the cluster simply has nothing for this plugin
        e.errorType === 'ESO_NOT_INSTALLED' ? (
          <Alert key={e.cluster} severity="info">
            Cluster {e.cluster}: {e.message}.
          </Alert>
        ) : (
          <Alert key={e.cluster} severity="error">
            Cluster {e.cluster} could not be read ({e.errorType}): {e.message}
            {e.staleSeconds !== undefined &&
              `. Showing data from ${formatDuration(e.staleSeconds)} ago.`}
          </Alert>
        ),
      )}
      {stale.map(c => (
        <Alert key={c.name} severity="warning">
          Cluster {c.name} is {c.state}: its data is{' '}
          {formatDuration(c.staleSeconds!)} old
          {c.lastError ? ` (${c.lastError})` : ''}.
        </Alert>
      ))}
    </Box>
  );
}
