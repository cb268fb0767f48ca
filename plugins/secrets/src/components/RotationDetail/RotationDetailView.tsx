import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RotationDetail } from '@secrets-plugin/plugin-secrets-common';
import { rotationDuration, rotationStateLabels } from '../../lib/rotation';
import { ClusterTimelines } from './ClusterTimelines';
import { FailureGuidance } from './FailureGuidance';
import { formatSeconds } from './formatSeconds';
import { RotationEvents } from './RotationEvents';

/** Props of {@link RotationDetailView}. */
export interface RotationDetailViewProps {
  rotation: RotationDetail;
  onRollback?: () => void;
}

/** Whether a finished rotation needs the failure guidance. */
export function needsGuidance(r: Pick<RotationDetail, 'state'>): boolean {
  return (
    r.state === 'failed' ||
    r.state === 'partially-failed' ||
    r.state === 'interrupted'
  );
}

/**
 * One rotation in full: who, why, when, Vault versions before and after, each cluster's
 * timeline, what to do when it failed, and its event log.
 */
export function RotationDetailView(props: RotationDetailViewProps) {
  const r = props.rotation;
  return (
    <Box display="grid" gridGap={12}>
      <Box>
        <Typography variant="body2">
          <strong>{rotationStateLabels[r.state]}</strong> · {r.kind} of{' '}
          {r.plan.vault.mount}/{r.plan.vault.path} · requested by{' '}
          {r.requestedBy} at {formatSeconds(r.createdAt)} · took{' '}
          {rotationDuration(r)}
        </Typography>
        <Typography variant="body2">Reason: {r.reason}</Typography>
        <Typography variant="body2">
          Vault version {r.versionBefore ?? '?'} →{' '}
          {r.versionAfter ?? 'not written'}
        </Typography>
      </Box>
      {needsGuidance(r) && (
        <FailureGuidance rotation={r} onRollback={props.onRollback} />
      )}
      {r.error && !needsGuidance(r) && (
        <Typography variant="body2" color="error">
          {r.error}
        </Typography>
      )}
      <Box>
        <Typography variant="subtitle1" component="h3">
          Per cluster
        </Typography>
        <ClusterTimelines rotation={r} />
      </Box>
      <RotationEvents events={r.events} />
    </Box>
  );
}
