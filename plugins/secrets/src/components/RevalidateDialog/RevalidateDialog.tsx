import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { StoreRef } from '@secrets-plugin/plugin-secrets-common';
import {
  useRevalidatePreview,
  useRevalidateRun,
} from '../../hooks/useRevalidate';
import { storeLabel } from '../../lib/labels';
import { RevalidateResults } from './RevalidateResults';

/** Props of {@link RevalidateDialog}. */
export interface RevalidateDialogProps {
  stores: StoreRef[];
  onClose: () => void;
}

/** Dry-run preview first, then the real run, then the per-object outcome. Mount to open. */
export function RevalidateDialog(props: RevalidateDialogProps) {
  const preview = useRevalidatePreview(props.stores, true);
  const run = useRevalidateRun(props.stores);
  const done = run.isSuccess;
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="secrets-revalidate-title"
      fullWidth
    >
      <DialogTitle id="secrets-revalidate-title">
        Revalidate {props.stores.map(storeLabel).join(', ')}
      </DialogTitle>
      <DialogContent>
        {(preview.isPending || run.isPending) && (
          <LinearProgress aria-label="Working" />
        )}
        {preview.isError && <ResponseErrorPanel error={preview.error} />}
        {run.isError && <ResponseErrorPanel error={run.error} />}
        {preview.isSuccess && !done && (
          <>
            <Typography>
              Dry run: these objects will be bumped so ESO revalidates them now.
            </Typography>
            <RevalidateResults
              results={preview.data.results}
              label="Planned changes"
            />
          </>
        )}
        {done && (
          <>
            <Typography>Revalidation finished.</Typography>
            <RevalidateResults results={run.data.results} label="Outcome" />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{done ? 'Close' : 'Cancel'}</Button>
        {!done && (
          <Button
            color="primary"
            variant="contained"
            disabled={
              !preview.isSuccess ||
              preview.data.results.length === 0 ||
              run.isPending
            }
            onClick={() => run.mutate()}
          >
            Run revalidation
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
