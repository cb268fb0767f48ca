import { useId } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  secretsEntityRotatePermission,
  type RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { rotationStateLabels } from '../../lib/rotation';

/** Props of {@link RotateButton}. */
export interface RotateButtonProps {
  entityRef: string;
  /** The Vault key, for the button's accessible name. */
  keyLabel: string;
  /** A rotation of this key that has not finished yet. */
  running?: RotationSummary;
  onRotate: () => void;
  onOpen: (rotationId: string) => void;
}

/**
 * The Rotate action of one Vault-key group. Denied users see it disabled with the reason; while a
 * rotation of the key runs it opens that rotation instead of planning another. Whether the key is
 * rotatable at all is the dry run's to say (its rules), so the dialog shows that.
 */
export function RotateButton(props: RotateButtonProps) {
  const permission = usePermission({
    permission: secretsEntityRotatePermission,
    resourceRef: props.entityRef,
  });
  const reasonId = useId();
  if (props.running) {
    const running = props.running;
    return (
      <Box textAlign="right" flexShrink={0}>
        <Button
          variant="outlined"
          size="small"
          aria-label={`Rotation of ${props.keyLabel} running: open it`}
          onClick={() => props.onOpen(running.id)}
        >
          Rotation running
        </Button>
        <Typography variant="caption" display="block" color="textSecondary">
          {rotationStateLabels[running.state]}, by {running.requestedBy}
        </Typography>
      </Box>
    );
  }
  const denied = !permission.loading && !permission.allowed;
  return (
    <Box textAlign="right" flexShrink={0} maxWidth={260}>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        aria-label={`Rotate ${props.keyLabel}`}
        aria-describedby={denied ? reasonId : undefined}
        disabled={permission.loading || denied}
        onClick={props.onRotate}
      >
        Rotate
      </Button>
      {denied && (
        <Typography
          id={reasonId}
          variant="caption"
          display="block"
          color="textSecondary"
        >
          You may not rotate this entity's secrets (secrets.entity.rotate).
        </Typography>
      )}
    </Box>
  );
}
