import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { isTerminalRotationState } from '@secrets-plugin/plugin-secrets-common';
import type { RotationEventSink } from '../engine/ports';
import type { RotationAudienceResolver } from './rotationAudience';
import { rotationNotification } from './rotationNotification';

/**
 * Tells the entity's owners and the requester when a rotation ends. The notifications service's
 * default client posts to the notifications backend; an app without one makes `send` fail, which
 * is logged once and never fails the rotation.
 */
export function withNotifications(
  inner: RotationEventSink,
  deps: {
    notifications: NotificationService;
    audience: Pick<RotationAudienceResolver, 'resolve'>;
    logger: LoggerService;
  },
): RotationEventSink {
  let warned = false;
  return {
    async stateChanged(rotationId, state) {
      await inner.stateChanged(rotationId, state);
      if (!isTerminalRotationState(state)) return;
      try {
        const audience = await deps.audience.resolve(rotationId);
        const payload =
          audience && rotationNotification({ ...audience.rotation, state });
        if (!audience || !payload || audience.recipients.length === 0) return;
        await deps.notifications.send({
          recipients: { type: 'entity', entityRef: audience.recipients },
          payload,
        });
      } catch (e) {
        if (warned) return;
        warned = true;
        deps.logger.warn(
          `rotation ${rotationId}: owners not notified (is the notifications backend installed?): ${
            (e as Error).message
          }`,
        );
      }
    },
    clusterChanged: (rotationId, cluster, state) =>
      inner.clusterChanged(rotationId, cluster, state),
  };
}
