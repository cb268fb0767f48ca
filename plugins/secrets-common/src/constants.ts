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
