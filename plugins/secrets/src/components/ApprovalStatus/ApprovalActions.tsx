import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import type { RotationSummary } from '@secrets-plugin/plugin-secrets-common';
import type { ApprovalDecision } from '../../api';
import { ApprovalDecisionDialog } from './ApprovalDecisionDialog';

/** Props of {@link ApprovalActions}. */
export interface ApprovalActionsProps {
  rotation: Pick<
    RotationSummary,
    'id' | 'requestedBy' | 'reason' | 'entityRef'
  >;
  /** Names the rotation in the buttons' accessible names, where a page lists several. */
  label: string;
}

/** Approve and Deny, each asking for a reason first. Render only for someone who may decide. */
export function ApprovalActions(props: ApprovalActionsProps) {
  const [deciding, setDeciding] = useState<ApprovalDecision>();
  return (
    <Box display="flex" gridGap={8}>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        aria-label={`Approve ${props.label}`}
        onClick={() => setDeciding('approve')}
      >
        Approve
      </Button>
      <Button
        size="small"
        variant="outlined"
        aria-label={`Deny ${props.label}`}
        onClick={() => setDeciding('deny')}
      >
        Deny
      </Button>
      {deciding && (
        <ApprovalDecisionDialog
          rotation={props.rotation}
          decision={deciding}
          onClose={() => setDeciding(undefined)}
        />
      )}
    </Box>
  );
}
