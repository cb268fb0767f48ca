import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RotationSummary } from '@secrets-plugin/plugin-secrets-common';
import { useRotationApproval } from '../../hooks/useRotationApproval';
import { formatClock, formatRelative } from '../../lib/time';
import { ApprovalActions } from './ApprovalActions';

/** Props of {@link ApprovalStatus}. */
export interface ApprovalStatusProps {
  rotation: Pick<
    RotationSummary,
    'id' | 'requestedBy' | 'reason' | 'entityRef' | 'state'
  >;
  /** Names the rotation in the buttons' accessible names. */
  label: string;
}

/**
 * Whom a rotation awaiting approval waits for, until when, and (only for someone the server says
 * may decide: never the requester) Approve and Deny.
 */
export function ApprovalStatus(props: ApprovalStatusProps) {
  const approval = useRotationApproval(
    props.rotation.id,
    props.rotation.state === 'awaiting-approval',
  );
  if (props.rotation.state !== 'awaiting-approval') return null;
  if (approval.isError) return <ResponseErrorPanel error={approval.error} />;
  if (!approval.data) return null;
  const a = approval.data;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
      <Typography variant="body2">
        Requested by {a.requestedBy}; waits for approval by{' '}
        {a.approvers.join(' or ')} ({a.environments.join(', ')}) until{' '}
        {formatClock(a.expiresAt)} ({formatRelative(a.expiresAt)}). Nothing is
        written to Vault before.
      </Typography>
      {a.canDecide ? (
        <ApprovalActions rotation={props.rotation} label={props.label} />
      ) : (
        a.cannotDecideReason && (
          <Typography variant="caption" color="textSecondary">
            {a.cannotDecideReason}.
          </Typography>
        )
      )}
    </Box>
  );
}
