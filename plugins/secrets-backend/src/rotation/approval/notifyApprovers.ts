import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  rotationSignalChannel,
  type PendingApproval,
} from '@secrets-plugin/plugin-secrets-common';

/**
 * What an approver reads: who asks, for what, where, and until when; linked to the entity's
 * Secrets tab where the rotation can be approved or denied. Ids, names and the requester's reason
 * only: no value, and no Vault path (the tab shows that to those who may read it).
 */
export function approvalNotification(
  pending: PendingApproval,
): NotificationPayload {
  const entity = parseEntityRef(pending.entityRef);
  const what = pending.kind === 'rollback' ? 'Rollback' : 'Rotation';
  return {
    title: `${what} of a secret of ${entity.name} awaits your approval`,
    description: `${pending.requestedBy} asks to ${
      pending.kind === 'rollback' ? 'roll back' : 'rotate'
    } a secret read by ${pending.entityRef} in ${pending.environments.join(
      ', ',
    )} (${pending.clusters.length} cluster(s)): "${
      pending.reason
    }". Approve or deny before ${pending.expiresAt}.`,
    link: `/catalog/${entity.namespace}/${entity.kind}/${entity.name}/secrets`,
    severity: 'high',
    topic: 'secrets-rotation-approval',
    // its own scope: the outcome notification of the same rotation must not replace it
    scope: `${rotationSignalChannel(pending.id)}:approval`,
  };
}

/**
 * The awaiting-approval hook: one notification to the approver groups (the notifications backend
 * expands groups to their members), never to the requester, who is told by the outcome.
 */
export function notifyApprovers(
  notifications: Pick<NotificationService, 'send'>,
): (pending: PendingApproval) => Promise<void> {
  return async pending => {
    if (pending.approvers.length === 0) return;
    await notifications.send({
      recipients: {
        type: 'entity',
        entityRef: pending.approvers,
        excludeEntityRef: pending.requestedBy,
      },
      payload: approvalNotification(pending),
    });
  };
}
