import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  rotationSignalChannel,
  type RotationSignalMessage,
  type RotationTargetState,
} from '@secrets-plugin/plugin-secrets-common';
import type { RotationEventSink } from '../engine/ports';
import type { RotationAudienceResolver } from './rotationAudience';

/**
 * Live progress: after the wrapped sink, each change goes out on the rotation's own channel to the
 * requester and the entity's owners (group refs reach their members' sessions). Ids and states
 * only; a client refetches `GET /rotations/:id`, which checks permissions again. A failed publish
 * never fails the rotation: polling is the fallback.
 */
export function withSignals(
  inner: RotationEventSink,
  deps: {
    signals: SignalsService;
    audience: Pick<RotationAudienceResolver, 'resolve'>;
    logger: LoggerService;
  },
): RotationEventSink {
  const publish = async (
    rotationId: string,
    change: Partial<Omit<RotationSignalMessage, 'rotationId'>>,
  ) => {
    try {
      const audience = await deps.audience.resolve(rotationId);
      if (!audience || audience.recipients.length === 0) return;
      const message: RotationSignalMessage = {
        rotationId,
        state: audience.rotation.state,
        ...change,
      };
      await deps.signals.publish({
        recipients: { type: 'user', entityRef: audience.recipients },
        channel: rotationSignalChannel(rotationId),
        message,
      });
    } catch (e) {
      deps.logger.warn(
        `rotation ${rotationId}: could not publish a signal: ${
          (e as Error).message
        }`,
      );
    }
  };
  return {
    async stateChanged(rotationId, state) {
      await inner.stateChanged(rotationId, state);
      await publish(rotationId, { state });
    },
    async clusterChanged(rotationId, cluster, state) {
      await inner.clusterChanged(rotationId, cluster, state);
      await publish(rotationId, {
        cluster,
        clusterState: state as RotationTargetState,
      });
    },
  };
}
