import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RotationDetail } from '@secrets-plugin/plugin-secrets-common';
import { targetStateLabels } from '../../lib/rotation';
import { clusterTimeline, type TimelineStep } from './clusterTimeline';
import { formatSeconds } from './formatSeconds';

const MARKS: Record<TimelineStep['status'], string> = {
  done: '✓',
  active: '…',
  failed: '✗',
  'not-reached': '○',
  'not-needed': '–',
};

const WORDS: Record<TimelineStep['status'], string> = {
  done: 'done',
  active: 'in progress',
  failed: 'failed',
  'not-reached': 'not reached',
  'not-needed': 'not needed',
};

/** Each cluster's steps (written → force-synced → verified → restarted) with their times. */
export function ClusterTimelines(props: { rotation: RotationDetail }) {
  const r = props.rotation;
  if (r.clusters.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        No cluster has started yet: clusters start once Vault has the new
        version.
      </Typography>
    );
  return (
    <Box display="grid" gridGap={8}>
      {r.clusters.map(c => (
        <Box key={c.cluster}>
          <Typography variant="subtitle2" component="h4">
            {c.cluster}: {targetStateLabels[c.state]}
          </Typography>
          <ol aria-label={`Timeline of ${c.cluster}`} style={{ margin: 0 }}>
            {clusterTimeline(r, c).map(s => (
              <li key={s.step}>
                <Typography
                  variant="body2"
                  color={s.status === 'failed' ? 'error' : 'textPrimary'}
                >
                  <span aria-hidden>{MARKS[s.status]} </span>
                  {s.label}: {WORDS[s.status]}
                  {s.at && ` at ${formatSeconds(s.at)}`}
                  {s.note && ` (${s.note})`}
                </Typography>
              </li>
            ))}
          </ol>
        </Box>
      ))}
    </Box>
  );
}
