import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { isTerminalRotationState } from '@secrets-plugin/plugin-secrets-common';
import type { RotationStore } from '../../database/RotationStore';
import type { RotationEventSink } from '../engine/ports';
import { withNotifications } from './notificationsEventSink';
import { RotationAudienceResolver } from './rotationAudience';
import { withSignals } from './signalsEventSink';

export { RotationAudienceResolver } from './rotationAudience';
export { rotationNotification } from './rotationNotification';
export { withNotifications } from './notificationsEventSink';
export { withSignals } from './signalsEventSink';

/**
 * The audit sink, then live signals, then the owners' notification at the end; each missing
 * service is skipped. One audience lookup serves both and is dropped when the rotation ends.
 */
export function withRotationSubscribers(
  inner: RotationEventSink,
  deps: {
    signals?: SignalsService;
    notifications?: NotificationService;
    store: Pick<RotationStore, 'get'>;
    catalog: Pick<CatalogService, 'getEntityByRef'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    logger: LoggerService;
  },
): RotationEventSink {
  const audience = new RotationAudienceResolver(deps);
  let sink = inner;
  if (deps.signals)
    sink = withSignals(sink, { ...deps, signals: deps.signals, audience });
  if (deps.notifications)
    sink = withNotifications(sink, {
      ...deps,
      notifications: deps.notifications,
      audience,
    });
  const outer = sink;
  return {
    async stateChanged(rotationId, state) {
      await outer.stateChanged(rotationId, state);
      if (isTerminalRotationState(state)) audience.forget(rotationId);
    },
    clusterChanged: (rotationId, cluster, state) =>
      outer.clusterChanged(rotationId, cluster, state),
  };
}
