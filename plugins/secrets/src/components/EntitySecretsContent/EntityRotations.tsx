import { ReactNode, useCallback, useMemo, useState } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  isExternalChange,
  isTerminalRotationState,
  secretsEntityRotatePermission,
  type RotationSummary,
  type SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { useRotationHistory } from '../../hooks/useRotationHistory';
import { describeKey } from '../../lib/vault';
import { RotateButton } from '../RotateButton';
import { RotateDialog, type RotateDialogMode } from '../RotateDialog';
import { RotationHistory, RotationHistoryDialog } from '../RotationHistory';

interface OpenDialog {
  keyLabel: string;
  mode: RotateDialogMode;
  rotationId?: string;
}

/**
 * Rotation on the entity tab: each group's Rotate and History actions, the dialogs they open, and
 * the entity's whole history. The dialog's state lives here, above the polled tables, so a poll
 * never closes it; a closed dialog is reopened from the running rotation or the history.
 */
export function useEntityRotations(entityRef: string, groups: SecretGroup[]) {
  const history = useRotationHistory(entityRef);
  const canRotate = usePermission({
    permission: secretsEntityRotatePermission,
    resourceRef: entityRef,
  });
  const [dialog, setDialog] = useState<OpenDialog>();
  const [historyOf, setHistoryOf] = useState<string>();
  const labels = useMemo(
    () => new Map(groups.map(g => [g.id, describeKey(g.vault)])),
    [groups],
  );
  const items = useMemo(() => history.data?.items ?? [], [history.data]);
  const itemsOf = useCallback(
    (groupId: string) => items.filter(i => i.groupId === groupId),
    [items],
  );
  const labelOf = useCallback(
    (groupId: string) => labels.get(groupId) ?? groupId,
    [labels],
  );

  const open = (item: RotationSummary) =>
    setDialog({
      keyLabel: labelOf(item.groupId),
      rotationId: item.id,
      mode: { kind: 'rotation', entityRef, groupId: item.groupId },
    });
  const rollback = (item: RotationSummary) =>
    setDialog({
      keyLabel: labelOf(item.groupId),
      mode: {
        kind: 'rollback',
        rotationId: item.id,
        defaultVersion: item.versionBefore,
      },
    });

  // One element per group, kept while nothing it shows changes: a new element on every render
  // re-rendered each memoised group table (and its rows' parents) at every filter keystroke.
  const actionsByGroup = useMemo(() => {
    const render = (group: SecretGroup): ReactNode => {
      const mine = itemsOf(group.id);
      const running = mine.find(
        (i): i is RotationSummary =>
          !isExternalChange(i) && !isTerminalRotationState(i.state),
      );
      const keyLabel = labelOf(group.id);
      return (
        <Box display="flex" alignItems="flex-start" gridGap={8} flexShrink={0}>
          {mine.length > 0 && (
            <Button
              size="small"
              aria-label={`Rotation history of ${keyLabel}`}
              onClick={() => setHistoryOf(group.id)}
            >
              History
            </Button>
          )}
          <RotateButton
            entityRef={entityRef}
            keyLabel={keyLabel}
            running={running}
            onRotate={() =>
              setDialog({
                keyLabel,
                mode: { kind: 'rotation', entityRef, groupId: group.id },
              })
            }
            onOpen={rotationId =>
              setDialog({
                keyLabel,
                rotationId,
                mode: { kind: 'rotation', entityRef, groupId: group.id },
              })
            }
          />
        </Box>
      );
    };
    return new Map(groups.map(g => [g.id, render(g)]));
  }, [groups, itemsOf, labelOf, entityRef]);
  const actionsFor = (group: SecretGroup): ReactNode =>
    actionsByGroup.get(group.id);

  const onRollback = canRotate.allowed ? rollback : undefined;
  const dialogs = (
    <>
      {historyOf && (
        <RotationHistoryDialog
          keyLabel={labelOf(historyOf)}
          label={`Rotations of ${labelOf(historyOf)}`}
          items={itemsOf(historyOf)}
          onOpen={item => {
            setHistoryOf(undefined);
            open(item);
          }}
          onRollback={
            onRollback &&
            (item => {
              setHistoryOf(undefined);
              onRollback(item);
            })
          }
          onClose={() => setHistoryOf(undefined)}
        />
      )}
      {dialog && (
        <RotateDialog
          // A new key per dialog: a fresh idempotency key and form for each opening.
          key={`${dialog.mode.kind}:${dialog.rotationId ?? ''}:${JSON.stringify(
            dialog.mode,
          )}`}
          keyLabel={dialog.keyLabel}
          mode={dialog.mode}
          rotationId={dialog.rotationId}
          onClose={() => setDialog(undefined)}
        />
      )}
    </>
  );

  const entityHistory =
    items.length > 0 ? (
      <Box component={Paper} mb={2} p={1}>
        <Typography variant="h6" component="h3">
          Rotation history
        </Typography>
        <RotationHistory
          label="Rotation history of the entity"
          items={items}
          keyLabelOf={labelOf}
          onOpen={open}
          onRollback={onRollback}
        />
      </Box>
    ) : null;

  return { actionsFor, dialogs, entityHistory };
}
