import { useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { RotationSummary } from '@secrets-plugin/plugin-secrets-common';
import type { ApprovalDecision } from '../../api';
import { useDecideRotation } from '../../hooks/useDecideRotation';

/** Props of {@link ApprovalDecisionDialog}. */
export interface ApprovalDecisionDialogProps {
  rotation: Pick<
    RotationSummary,
    'id' | 'requestedBy' | 'reason' | 'entityRef'
  >;
  decision: ApprovalDecision;
  onClose: () => void;
}

/** Approve or deny one rotation, with a reason for the record. Mount to open. */
export function ApprovalDecisionDialog(props: ApprovalDecisionDialogProps) {
  const { rotation, decision } = props;
  const [reason, setReason] = useState('');
  const decide = useDecideRotation(rotation.id);
  const verb = decision === 'approve' ? 'Approve' : 'Deny';
  const titleId = `secrets-approval-${decision}-title`;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>{verb} the rotation</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {rotation.requestedBy} asks to rotate a secret of {rotation.entityRef}
          : “{rotation.reason}”.{' '}
          {decision === 'approve'
            ? 'Once approved it is planned and checked again, then runs.'
            : 'A denied rotation never runs; the requester sees your reason.'}
        </Typography>
        {decide.isError && <ResponseErrorPanel error={decide.error} />}
        <TextField
          id={`secrets-approval-${decision}-reason`}
          label="Reason"
          required
          fullWidth
          multiline
          minRows={2}
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Recorded with your decision in the rotation's history."
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={reason.trim().length === 0 || decide.isPending}
          onClick={() =>
            decide.mutate(
              { decision, reason: reason.trim() },
              { onSuccess: () => props.onClose() },
            )
          }
        >
          {verb} rotation
        </Button>
      </DialogActions>
    </Dialog>
  );
}
