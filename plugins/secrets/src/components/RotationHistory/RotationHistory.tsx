import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  isExternalChange,
  isTerminalRotationState,
  type RotationHistoryItem,
  type RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { rotationDuration, rotationStateLabels } from '../../lib/rotation';
import { formatExact, formatRelative } from '../../lib/time';
import { useTableStyles } from '../tableStyles';
import { ExternalChangeRow } from './ExternalChangeRow';

/** Props of {@link RotationHistory}. */
export interface RotationHistoryProps {
  /** Rotations of the plugin and versions written outside it (external changes), newest first. */
  items: RotationHistoryItem[];
  /** Names each row's key (the entity-wide history mixes keys). */
  keyLabelOf?: (groupId: string) => string | undefined;
  now?: number;
  onOpen: (item: RotationSummary) => void;
  /** Absent where the user may not rotate. */
  onRollback?: (item: RotationSummary) => void;
  label: string;
}

function versions(item: RotationSummary): string {
  if (item.versionBefore === undefined) return '—';
  return `${item.versionBefore} → ${item.versionAfter ?? '…'}`;
}

/**
 * Rotations and rollbacks, newest first: who, why, when, outcome, duration, versions; and the
 * key's versions written outside the plugin, marked as external changes.
 */
export function RotationHistory(props: RotationHistoryProps) {
  const now = props.now ?? Date.now();
  const classes = useTableStyles();
  if (props.items.length === 0)
    return <Typography variant="body2">No rotations yet.</Typography>;
  // the shared table styles: headers on one line, words wrapped only at spaces and hyphens
  // (the theme's break-word made "Took" "Too k" at 1024 px), and a scroll inside the card
  // rather than crushed columns
  return (
    <div className={classes.scroll}>
      <Table size="small" className={classes.table} aria-label={props.label}>
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            {props.keyLabelOf && <TableCell>Key</TableCell>}
            <TableCell>Who</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>Took</TableCell>
            <TableCell>Vault version</TableCell>
            <TableCell>
              <span className="MuiTypography-srOnly">Actions</span>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(item => {
            if (isExternalChange(item))
              return (
                <ExternalChangeRow
                  key={item.id}
                  item={item}
                  now={now}
                  keyLabel={
                    props.keyLabelOf
                      ? props.keyLabelOf(item.groupId) ?? item.groupId
                      : undefined
                  }
                />
              );
            const finished = isTerminalRotationState(item.state);
            const canRollBack =
              props.onRollback &&
              finished &&
              item.kind === 'rotation' &&
              item.versionAfter !== undefined &&
              item.versionBefore !== undefined;
            return (
              <TableRow key={item.id}>
                <TableCell className={classes.nowrap}>
                  <Tooltip title={formatExact(item.createdAt)}>
                    <span>{formatRelative(item.createdAt, now)}</span>
                  </Tooltip>
                </TableCell>
                {props.keyLabelOf && (
                  <TableCell>
                    {props.keyLabelOf(item.groupId) ?? item.groupId}
                  </TableCell>
                )}
                <TableCell>
                  {item.requestedBy.replace(/^user:default\//, '')}
                </TableCell>
                <TableCell>{item.reason}</TableCell>
                <TableCell>
                  {item.kind === 'rollback' ? 'Rollback: ' : ''}
                  {rotationStateLabels[item.state]}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {rotationDuration(item, now)}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {versions(item)}
                </TableCell>
                {/* the buttons stack where the row is narrow: side by side they were cut off at 1024 px */}
                <TableCell>
                  <Button
                    size="small"
                    onClick={() => props.onOpen(item)}
                    aria-label={`Open the ${item.kind} of ${formatExact(
                      item.createdAt,
                    )}`}
                  >
                    {finished ? 'Details' : 'Progress'}
                  </Button>
                  {canRollBack && (
                    <Button
                      size="small"
                      onClick={() => props.onRollback!(item)}
                      aria-label={`Roll back to version ${item.versionBefore}`}
                    >
                      Rollback
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
