import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  isExternalChange,
  type RotationSummary,
  type SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { describeKey } from '../../lib/vault';
import { useRotationHistory } from '../../hooks/useRotationHistory';
import { ApprovalStatus } from '../ApprovalStatus';

/** Props of {@link ApprovalBanner}. */
export interface ApprovalBannerProps {
  entityRef: string;
  /** The entity's key groups, to name each waiting rotation's key as its heading does. */
  groups: SecretGroup[];
}

/**
 * The entity's rotations waiting for four-eyes approval, at the top of its Secrets tab: whom each
 * waits for, and Approve / Deny for an approver who is not the requester. Reads the history the
 * tab already fetches (one query).
 */
export function ApprovalBanner(props: ApprovalBannerProps) {
  const history = useRotationHistory(props.entityRef);
  const waiting = useMemo(
    () =>
      (history.data?.items ?? []).filter(
        (i): i is RotationSummary =>
          !isExternalChange(i) && i.state === 'awaiting-approval',
      ),
    [history.data],
  );
  const labels = useMemo(
    () => new Map(props.groups.map(g => [g.id, describeKey(g.vault)])),
    [props.groups],
  );
  const keyLabelOf = (groupId: string) => labels.get(groupId) ?? groupId;
  if (waiting.length === 0) return null;
  return (
    <Box mb={2} component="section" aria-label="Rotations awaiting approval">
      <Alert severity="info">
        <Typography variant="subtitle2" component="h3">
          {waiting.length === 1
            ? 'A rotation awaits approval'
            : `${waiting.length} rotations await approval`}
        </Typography>
        {waiting.map(r => {
          const label = `rotation of ${keyLabelOf(r.groupId)}`;
          return (
            <Box key={r.id} mt={1}>
              <Typography variant="body2">
                <strong>{keyLabelOf(r.groupId)}</strong>: “{r.reason}”
              </Typography>
              <ApprovalStatus rotation={r} label={label} />
            </Box>
          );
        })}
      </Alert>
    </Box>
  );
}
