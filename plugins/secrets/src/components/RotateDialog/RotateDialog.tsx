import { useMemo, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { RotationDetail } from '@secrets-plugin/plugin-secrets-common';
import { RotationDeniedError } from '../../api';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useRotationPlan } from '../../hooks/useRotationPlan';
import { useStartRotation } from '../../hooks/useStartRotation';
import type { RotationPlanRequest } from '../../lib/queryKeys';
import { PlanSummary } from './PlanSummary';
import { RotationProgress } from './RotationProgress';
import { VerdictList } from './VerdictList';

/** What the dialog plans: a rotation of a group, or a rollback of a finished rotation. */
export type RotateDialogMode =
  | { kind: 'rotation'; entityRef: string; groupId: string }
  | { kind: 'rollback'; rotationId: string; defaultVersion?: number };

/** Props of {@link RotateDialog}. */
export interface RotateDialogProps {
  /** The Vault key, as the group heading names it. */
  keyLabel: string;
  mode: RotateDialogMode;
  /** A rotation already started: the dialog shows its progress (reopened from the history). */
  rotationId?: string;
  onClose: () => void;
}

/** The reason is one of the policy's rules: the dry run re-runs once typing pauses. */
const REASON_DEBOUNCE_MS = 400;

function planRequest(
  mode: RotateDialogMode,
  reason: string,
  version: number,
): RotationPlanRequest {
  return mode.kind === 'rotation'
    ? {
        kind: 'rotation',
        entityRef: mode.entityRef,
        groupId: mode.groupId,
        reason,
      }
    : { kind: 'rollback', rotationId: mode.rotationId, version, reason };
}

/**
 * Dry run with every verdict, a reason and, where rules warn, an acknowledgement; then the
 * rotation's live progress and its result. Mount to open; closing never stops the rotation, and
 * the group's button or the history reopens it. A failed result offers its rollback, which the
 * same dialog then plans (a fresh form and idempotency key).
 */
export function RotateDialog(props: RotateDialogProps) {
  const [current, setCurrent] = useState({
    mode: props.mode,
    rotationId: props.rotationId,
  });
  return (
    <RotateDialogBody
      key={`${JSON.stringify(current.mode)}:${current.rotationId ?? ''}`}
      keyLabel={props.keyLabel}
      mode={current.mode}
      rotationId={current.rotationId}
      onClose={props.onClose}
      onRollback={r =>
        setCurrent({
          mode: {
            kind: 'rollback',
            rotationId: r.id,
            defaultVersion: r.versionBefore,
          },
          rotationId: undefined,
        })
      }
    />
  );
}

function RotateDialogBody(
  props: RotateDialogProps & {
    onRollback: (rotation: RotationDetail) => void;
  },
) {
  const { mode } = props;
  const [reason, setReason] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [versionText, setVersionText] = useState(
    mode.kind === 'rollback' && mode.defaultVersion
      ? String(mode.defaultVersion)
      : '',
  );
  const version = Number.parseInt(versionText, 10);
  const versionValid = Number.isInteger(version) && version >= 1;
  const planned = useDebouncedValue(
    { reason: reason.trim(), version },
    REASON_DEBOUNCE_MS,
  );
  const request = useMemo(
    () => planRequest(mode, planned.reason, planned.version),
    [mode, planned.reason, planned.version],
  );
  const start = useStartRotation();
  const startedId = props.rotationId ?? start.data?.id;
  const plan = useRotationPlan(
    request,
    !startedId &&
      (mode.kind === 'rotation' || Number.isInteger(planned.version)),
  );

  const deniedAtStart =
    start.error instanceof RotationDeniedError ? start.error : undefined;
  const verdicts = deniedAtStart?.verdicts ?? plan.data?.verdicts ?? [];
  const denies = verdicts.some(v => v.outcome === 'deny');
  const warns = verdicts.some(v => v.outcome === 'warn');
  const upToDate =
    !plan.isPlaceholderData &&
    !plan.isFetching &&
    planned.reason === reason.trim() &&
    (mode.kind === 'rotation' || planned.version === version);
  const canConfirm =
    plan.isSuccess &&
    upToDate &&
    plan.data.allowed &&
    !denies &&
    reason.trim().length > 0 &&
    (mode.kind === 'rotation' || versionValid) &&
    (!warns || acknowledged) &&
    !start.isPending;
  const what = mode.kind === 'rotation' ? 'Rotate' : 'Roll back';

  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="secrets-rotate-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="secrets-rotate-title">
        {what} {props.keyLabel}
      </DialogTitle>
      <DialogContent>
        {startedId ? (
          <RotationProgress
            id={startedId}
            keyLabel={props.keyLabel}
            onRollback={props.onRollback}
          />
        ) : (
          <>
            {(plan.isPending || plan.isFetching) &&
              plan.fetchStatus !== 'idle' && (
                <LinearProgress aria-label="Running the dry run" />
              )}
            {plan.isError && <ResponseErrorPanel error={plan.error} />}
            {mode.kind === 'rollback' && (
              <TextField
                id="secrets-rotate-version"
                label="Vault version to restore"
                type="number"
                value={versionText}
                onChange={e => setVersionText(e.target.value)}
                error={versionText !== '' && !versionValid}
                helperText="Its data is written back as a new version; history stays."
                inputProps={{ min: 1 }}
                margin="dense"
              />
            )}
            {plan.data && (
              <>
                <Typography variant="body2" gutterBottom>
                  Dry run: nothing has been written yet.
                </Typography>
                <PlanSummary plan={plan.data.plan} />
                {plan.data.requiresApproval && (
                  <Alert severity="info">
                    This rotation waits for a second person's approval before
                    anything is written.
                  </Alert>
                )}
              </>
            )}
            {verdicts.length > 0 && (
              <>
                <Typography variant="subtitle2" component="h3">
                  Policy
                </Typography>
                <VerdictList verdicts={verdicts} />
              </>
            )}
            {deniedAtStart && (
              <Alert severity="error">
                Refused when starting: {deniedAtStart.message}
              </Alert>
            )}
            {start.isError && !deniedAtStart && (
              <ResponseErrorPanel error={start.error} />
            )}
            <TextField
              id="secrets-rotate-reason"
              label="Reason"
              required
              fullWidth
              multiline
              minRows={2}
              value={reason}
              onChange={e => setReason(e.target.value)}
              helperText="Recorded in the history and the audit log."
              margin="dense"
            />
            {warns && (
              <Box>
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={acknowledged}
                      onChange={e => setAcknowledged(e.target.checked)}
                    />
                  }
                  label="I have read the warnings and want to go ahead"
                />
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>
          {startedId ? 'Close' : 'Cancel'}
        </Button>
        {!startedId && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canConfirm}
            onClick={() =>
              start.start({
                request: planRequest(mode, reason.trim(), version),
                acknowledgeWarnings: warns && acknowledged,
              })
            }
          >
            {what}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
