import { useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  isTerminalRotationState,
  secretsEntityRotatePermission,
  type RotationDetail,
} from '@secrets-plugin/plugin-secrets-common';
import { useCancelRotation } from '../../hooks/useCancelRotation';
import { useRotation } from '../../hooks/useRotation';
import {
  clusterDuration,
  rotationStateLabels,
  targetStateLabels,
} from '../../lib/rotation';
import { ApprovalStatus } from '../ApprovalStatus';
import {
  ClusterTimelines,
  FailureGuidance,
  needsGuidance,
  RotationEvents,
} from '../RotationDetail';
import { formatClock } from '../../lib/time';

function Result(props: { rotation: RotationDetail; onRollback?: () => void }) {
  const r = props.rotation;
  const what = r.kind === 'rollback' ? 'Rollback' : 'Rotation';
  const mayRotate = usePermission({
    permission: secretsEntityRotatePermission,
    resourceRef: r.entityRef,
  });
  if (r.state === 'succeeded')
    return (
      <Alert severity="success">
        {what} succeeded: Vault version {r.versionAfter ?? 'new'} is live in
        every cluster ({r.clusters.length}).
      </Alert>
    );
  if (needsGuidance(r))
    return (
      <FailureGuidance
        rotation={r}
        onRollback={mayRotate.allowed ? props.onRollback : undefined}
      />
    );
  return (
    <Alert severity="warning">
      {what} {rotationStateLabels[r.state].toLowerCase()}
      {r.error ? `: ${r.error}` : '.'}
    </Alert>
  );
}

/** Props of {@link RotationProgress}. */
export interface RotationProgressProps {
  id: string;
  /** Names the rotation in the approval buttons' accessible names. */
  keyLabel: string;
  /** Offered from a failed or partly failed result when the user may roll back. */
  onRollback?: (rotation: RotationDetail) => void;
}

/**
 * Live progress of one rotation, per cluster, until its result; who it waits for while it awaits
 * approval; its full timeline on demand.
 */
export function RotationProgress(props: RotationProgressProps) {
  const query = useRotation(props.id);
  const cancel = useCancelRotation(props.id);
  const [details, setDetails] = useState(false);
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  if (!query.data) return <LinearProgress aria-label="Loading the rotation" />;
  const r = query.data;
  const done = isTerminalRotationState(r.state);
  const detailsId = `secrets-rotation-timeline-${r.id}`;
  return (
    <Box>
      <Typography role="status" aria-live="polite" variant="subtitle1">
        {rotationStateLabels[r.state]}
        {r.versionBefore !== undefined &&
          ` · Vault version ${r.versionBefore} → ${r.versionAfter ?? '…'}`}
      </Typography>
      {!done && <LinearProgress aria-label="Rotation in progress" />}
      {!done && (
        <Typography variant="caption" color="textSecondary">
          {query.live
            ? 'Live: each step shows as it happens.'
            : 'Refreshing every few seconds.'}
        </Typography>
      )}
      {r.state === 'awaiting-approval' && (
        <Box my={1}>
          <ApprovalStatus
            rotation={r}
            label={`rotation of ${props.keyLabel}`}
          />
        </Box>
      )}
      {(r.state === 'planned' || r.state === 'awaiting-approval') && (
        <Box my={1}>
          <Button
            size="small"
            variant="outlined"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            Cancel {r.kind}
          </Button>
          <Typography variant="caption" color="textSecondary">
            {' '}
            Nothing has been written to Vault yet.
          </Typography>
        </Box>
      )}
      {cancel.isError && <ResponseErrorPanel error={cancel.error} />}
      <Table size="small" aria-label="Progress per cluster">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Took</TableCell>
            <TableCell>Reason</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {r.clusters.map(c => (
            <TableRow key={c.cluster}>
              <TableCell>{c.cluster}</TableCell>
              <TableCell>{targetStateLabels[c.state]}</TableCell>
              <TableCell>{formatClock(c.startedAt)}</TableCell>
              <TableCell>{clusterDuration(c)}</TableCell>
              <TableCell>{c.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {done && (
        <Box mt={2}>
          <Result
            rotation={r}
            onRollback={props.onRollback && (() => props.onRollback!(r))}
          />
        </Box>
      )}
      <Box mt={1}>
        <Button
          size="small"
          aria-expanded={details}
          aria-controls={detailsId}
          onClick={() => setDetails(d => !d)}
        >
          {details ? 'Hide the timeline' : 'Show the timeline'}
        </Button>
      </Box>
      <Box id={detailsId} hidden={!details}>
        {details && (
          <>
            <ClusterTimelines rotation={r} />
            <RotationEvents events={r.events} />
          </>
        )}
      </Box>
    </Box>
  );
}
