import { useState } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  secretsStoreRevalidatePermission,
  type RotationDetail,
} from '@secrets-plugin/plugin-secrets-common';
import { storeLabel } from '../../lib/labels';
import { isFailedTarget, targetStateLabels } from '../../lib/rotation';
import { RevalidateDialog } from '../RevalidateDialog';
import { failedStores } from './failedStores';

/** Props of {@link FailureGuidance}. */
export interface FailureGuidanceProps {
  rotation: RotationDetail;
  /** Offered when the user may roll back (rotate) the entity's secrets. */
  onRollback?: () => void;
}

/**
 * What went wrong and what to do, for a rotation that failed, partly failed or was interrupted.
 * The API has no retry of single clusters, and none is needed once Vault has the new version:
 * a cluster fetches it at its next sync, which revalidating its store brings forward.
 */
export function FailureGuidance(props: FailureGuidanceProps) {
  const r = props.rotation;
  const what = r.kind === 'rollback' ? 'Rollback' : 'Rotation';
  const canRevalidate = usePermission({
    permission: secretsStoreRevalidatePermission,
  });
  const [revalidating, setRevalidating] = useState(false);
  const failed = r.clusters.filter(c => isFailedTarget(c.state));
  const names = failed.map(c => c.cluster);
  const stores = failedStores(r, names);
  const written = r.versionAfter !== undefined;

  if (r.state === 'interrupted')
    return (
      <Alert severity="error">
        <Typography variant="body2">
          {what} interrupted{r.error ? `: ${r.error}` : '.'}
        </Typography>
        <Typography variant="body2">
          What to do: the backend stopped where it could not tell whether its
          Vault write landed. Check the key's versions in the history before
          rotating again; nothing is written twice on its own.
        </Typography>
      </Alert>
    );

  return (
    <Alert severity="error">
      <Typography variant="body2">
        {what} {r.state === 'failed' ? 'failed' : 'partially failed'}
        {written ? `: Vault has version ${r.versionAfter}` : ''}
        {names.length > 0 ? `, but ${names.join(', ')} did not get it.` : '.'}
      </Typography>
      {failed.map(c => (
        <Typography key={c.cluster} variant="body2">
          {c.cluster}: {c.reason ?? targetStateLabels[c.state]}
        </Typography>
      ))}
      {r.error && <Typography variant="body2">{r.error}</Typography>}
      <Typography variant="body2" component="h4">
        <strong>What to do</strong>
      </Typography>
      <ul aria-label="What to do" style={{ margin: 0, paddingLeft: 20 }}>
        {!written && (
          <li>
            Nothing was written to Vault: fix the cause above and rotate again.
          </li>
        )}
        {written && names.length > 0 && (
          <li>
            There is no retry of single clusters, and none is needed: Vault
            already has version {r.versionAfter}, so {names.join(', ')} fetch it
            at their next sync once they can.
          </li>
        )}
        {written && stores.length > 0 && (
          <li>
            If a store is not ready ({stores.map(storeLabel).join(', ')}),
            revalidate it: that re-syncs its ExternalSecrets at once, and they
            fetch version {r.versionAfter}.{' '}
            {canRevalidate.allowed ? (
              <Button
                size="small"
                variant="outlined"
                onClick={() => setRevalidating(true)}
              >
                Revalidate {stores.length === 1 ? 'the store' : 'the stores'}
              </Button>
            ) : (
              'Ask the platform team (secrets.store.revalidate) on the Secrets page.'
            )}
          </li>
        )}
        {written && r.versionBefore !== undefined && (
          <li>
            If the new value is at fault, roll back to version {r.versionBefore}
            : its data is written back as a new version, in every cluster.{' '}
            {props.onRollback && (
              <Button
                size="small"
                variant="outlined"
                onClick={props.onRollback}
              >
                Roll back to version {r.versionBefore}
              </Button>
            )}
          </li>
        )}
      </ul>
      {revalidating && (
        <RevalidateDialog
          stores={stores}
          onClose={() => setRevalidating(false)}
        />
      )}
    </Alert>
  );
}
