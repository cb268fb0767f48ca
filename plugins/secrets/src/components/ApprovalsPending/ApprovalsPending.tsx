import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { secretsRotationApprovePermission } from '@secrets-plugin/plugin-secrets-common';
import { usePendingApprovals } from '../../hooks/usePendingApprovals';
import { formatClock, formatRelative } from '../../lib/time';
import { ApprovalActions } from '../ApprovalStatus';
import { useTableStyles } from '../tableStyles';

/**
 * The fleet page's list of rotations waiting for the user's four-eyes approval, with Approve and
 * Deny. Shown to approvers (`secrets.rotation.approve`) only; the backend never lists a user's own
 * requests, nor those of environments whose approver groups they are not in.
 */
export function ApprovalsPending() {
  const classes = useTableStyles();
  const permission = usePermission({
    permission: secretsRotationApprovePermission,
  });
  const pending = usePendingApprovals(permission.allowed);
  if (!permission.allowed) return null;
  return (
    <InfoCard title="Rotations awaiting your approval">
      {pending.isError && <ResponseErrorPanel error={pending.error} />}
      {pending.data?.items.length === 0 && (
        <Typography role="status" variant="body2">
          Nothing waits for your approval.
        </Typography>
      )}
      {!!pending.data?.items.length && (
        <div className={classes.scroll}>
          <Table
            size="small"
            aria-label="Rotations awaiting your approval"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Entity</TableCell>
                <TableCell>Requested by</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Environments and clusters</TableCell>
                <TableCell>Expires</TableCell>
                <TableCell>Decision</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pending.data.items.map(p => (
                <TableRow key={p.id}>
                  <TableCell>{p.entityRef}</TableCell>
                  <TableCell>{p.requestedBy}</TableCell>
                  <TableCell>{p.reason}</TableCell>
                  <TableCell>
                    {p.environments.join(', ')}: {p.clusters.join(', ')}
                  </TableCell>
                  <TableCell>
                    {formatClock(p.expiresAt)} ({formatRelative(p.expiresAt)})
                  </TableCell>
                  <TableCell>
                    <ApprovalActions
                      rotation={p}
                      label={`rotation of ${p.entityRef} requested by ${p.requestedBy}`}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </InfoCard>
  );
}
