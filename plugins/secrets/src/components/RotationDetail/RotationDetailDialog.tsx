import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import { useRotation } from '../../hooks/useRotation';
import { RotationDetailView } from './RotationDetailView';

/** Props of {@link RotationDetailDialog}. */
export interface RotationDetailDialogProps {
  rotationId: string;
  /** What the title names: the key, or the entity and key. */
  title: string;
  onClose: () => void;
}

/** One rotation's detail, live while it runs (signals or polling). Mount to open. */
export function RotationDetailDialog(props: RotationDetailDialogProps) {
  const query = useRotation(props.rotationId);
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="secrets-rotation-detail-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="secrets-rotation-detail-title">
        {props.title}
      </DialogTitle>
      <DialogContent>
        {query.isError && <ResponseErrorPanel error={query.error} />}
        {query.isPending && (
          <LinearProgress aria-label="Loading the rotation" />
        )}
        {query.data && <RotationDetailView rotation={query.data} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
