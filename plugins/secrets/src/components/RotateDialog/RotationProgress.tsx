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
import {
  isTerminalRotationState,
  type RotationDetail,
} from '@secrets-plugin/plugin-secrets-common';
import { useCancelRotation } from '../../hooks/useCancelRotation';
import { useRotation } from '../../hooks/useRotation';
import {
  clusterDuration,
  isFailedTarget,
  rotationStateLabels,
  targetStateLabels,
} from '../../lib/rotation';
import { formatClock } from '../../lib/time';

function Result(props: { rotation: RotationDetail }) {
  const r = props.rotation;
  const what = r.kind === 'rollback' ? 'Rollback' : 'Rotation';
  if (r.state === 'succeeded')
    return (
      <Alert severity="success">
        {what} succeeded: Vault version {r.versionAfter ?? 'new'} is live in
        every cluster ({r.clusters.length}).
      </Alert>
    );
  if (r.state === 'partially-failed' || r.state === 'failed') {
    const failed = r.clusters.filter(c => isFailedTarget(c.state));
    return (
      <Alert severity="error">
        <Typography variant="body2">
          {what} {r.state === 'failed' ? 'failed' : 'partially failed'}
          {r.versionAfter !== undefined
            ? `: Vault has version ${r.versionAfter}`
            : ''}
          {failed.length > 0
            ? `, but ${failed.map(c => c.cluster).join(', ')} did not get it.`
            : '.'}
        </Typography>
        {failed.map(c => (
          <Typography key={c.cluster} variant="body2">
            {c.cluster}: {c.reason ?? targetStateLabels[c.state]}
          </Typography>
        ))}
        {r.error && <Typography variant="body2">{r.error}</Typography>}
        <Typography variant="body2">
          What to do: if a store is not ready, revalidate it and rotate again
          (retry); if the new value is at fault, roll back to version{' '}
          {r.versionBefore ?? 'before'} from the history.
        </Typography>
      </Alert>
    );
  }
  return (
    <Alert severity="warning">
      {what} {rotationStateLabels[r.state].toLowerCase()}
      {r.error ? `: ${r.error}` : '.'}
    </Alert>
  );
}

/** Live progress of one rotation, per cluster, until its result. */
export function RotationProgress(props: { id: string }) {
  const query = useRotation(props.id);
  const cancel = useCancelRotation(props.id);
  if (query.isError) return <ResponseErrorPanel error={query.error} />;
  if (!query.data) return <LinearProgress aria-label="Loading the rotation" />;
  const r = query.data;
  const done = isTerminalRotationState(r.state);
  return (
    <Box>
      <Typography role="status" aria-live="polite" variant="subtitle1">
        {rotationStateLabels[r.state]}
        {r.versionBefore !== undefined &&
          ` · Vault version ${r.versionBefore} → ${r.versionAfter ?? '…'}`}
      </Typography>
      {!done && <LinearProgress aria-label="Rotation in progress" />}
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
          <Result rotation={r} />
        </Box>
      )}
    </Box>
  );
}
