import type { RotationState, RotationTargetState } from './rotationStates';

/** Kubernetes plugin annotations we honour, so an entity set up for it needs nothing new. @public */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** @public */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/** The annotation ESO documents for a manual refresh of a ClusterExternalSecret and its children. @public */
export const ESO_FORCE_SYNC_ANNOTATION = 'external-secrets.io/force-sync';
/** ESO's hash of the target Secret's data: when it changes, new data landed. @public */
export const ESO_DATA_HASH_ANNOTATION =
  'reconcile.external-secrets.io/data-hash';
/** Set by ESO on every Secret it manages. @public */
export const ESO_MANAGED_LABEL = 'reconcile.external-secrets.io/managed';
/**
 * The annotation ESO's docs use for a manual refresh of an ExternalSecret: any annotation change
 * re-syncs it. Revalidation and rotation both write it, so a bump of either is visible as one key. @public
 */
export const ES_FORCE_SYNC_ANNOTATION = 'force-sync';
/**
 * Pod-template annotation a rotation restart sets to the rotation id (kubectl's `restartedAt`, but
 * the same value on a resumed step, so the second patch is a no-op). @public
 */
export const ROTATION_RESTART_ANNOTATION = 'secrets.backstage.io/rotation';
/** Field manager of every write the plugin makes, as managedFields show it. @public */
export const FIELD_MANAGER = 'backstage-secrets';

/** Signals channel prefix of a rotation's live progress: `secrets-rotation:<rotation id>`. @public */
export const ROTATION_SIGNAL_CHANNEL_PREFIX = 'secrets-rotation';

/** The signals channel of one rotation. @public */
export function rotationSignalChannel(rotationId: string): string {
  return `${ROTATION_SIGNAL_CHANNEL_PREFIX}:${rotationId}`;
}

/**
 * What a rotation's channel carries on each change: ids and states only, so a client refetches
 * `GET /rotations/:id` (which checks its permission again) for anything more. @public
 */
export type RotationSignalMessage = {
  rotationId: string;
  /** The rotation's state after the change. */
  state: RotationState;
  /** Set when one cluster's step changed. */
  cluster?: string;
  clusterState?: RotationTargetState;
};
