import { parseEntityRef } from '@backstage/catalog-model';
import type {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import {
  rotationSignalChannel,
  type RotationState,
} from '@secrets-plugin/plugin-secrets-common';
import type { RotationRow } from '../../database/RotationStore';

const outcomes: Partial<
  Record<RotationState, { severity: NotificationSeverity; says: string }>
> = {
  succeeded: { severity: 'normal', says: 'landed in every cluster' },
  'partially-failed': {
    severity: 'high',
    says: 'did not land in every cluster',
  },
  failed: { severity: 'critical', says: 'failed' },
  interrupted: {
    severity: 'critical',
    says: 'was interrupted where the backend could not tell whether Vault was written: look before rotating again',
  },
  cancelled: { severity: 'low', says: 'was cancelled' },
  rejected: { severity: 'low', says: 'was rejected' },
  expired: { severity: 'low', says: 'expired before it was approved' },
};

/**
 * The notification of a finished rotation, made from its row alone: the entity, the key's group,
 * who asked and the Vault versions, linked to the entity's Secrets tab. No value, no error text
 * (the tab shows the per-cluster reasons to those who may read them). Undefined for a state that
 * is not an end.
 */
export function rotationNotification(
  rotation: RotationRow,
): NotificationPayload | undefined {
  const outcome = outcomes[rotation.state];
  if (!outcome) return undefined;
  const entity = parseEntityRef(rotation.entityRef);
  const what = rotation.kind === 'rollback' ? 'Rollback' : 'Rotation';
  const versions =
    rotation.versionAfter !== undefined
      ? ` Vault version ${rotation.versionBefore ?? '?'} → ${
          rotation.versionAfter
        }.`
      : '';
  return {
    title: `${what} of a secret of ${entity.name} ${rotation.state}`,
    description: `${what} ${rotation.id} of ${keyOf(rotation)} read by ${
      rotation.entityRef
    }, requested by ${rotation.requestedBy}, ${outcome.says}.${versions}`,
    link: `/catalog/${entity.namespace}/${entity.kind}/${entity.name}/secrets`,
    severity: outcome.severity,
    topic: 'secrets-rotation',
    scope: rotationSignalChannel(rotation.id),
  };
}

/** The Vault key by its path when the stored plan has it (the group id is opaque to people). */
function keyOf(rotation: RotationRow): string {
  const vault = (
    rotation.plan as { vault?: { mount?: unknown; path?: unknown } }
  )?.vault;
  return typeof vault?.mount === 'string' && typeof vault.path === 'string'
    ? `Vault key ${vault.mount}/${vault.path}`
    : `group ${rotation.groupId}`;
}
