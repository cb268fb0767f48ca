import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RotationHistory, type RotationHistoryProps } from './RotationHistory';

/** One key's history, opened from its group. */
export function RotationHistoryDialog(
  props: RotationHistoryProps & { keyLabel: string; onClose: () => void },
) {
  const { keyLabel, onClose, ...history } = props;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="secrets-rotation-history-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="secrets-rotation-history-title">
        Rotations of {keyLabel}
      </DialogTitle>
      <DialogContent>
        <RotationHistory {...history} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
