/**
 * The simulated Kubernetes API server of fleet-sim: one per cluster, over HTTP(S), plus the
 * in-process ClusterStore the cluster's controllers use.
 */
export * from './types';
export { createKubeApiServer } from './createKubeApiServer';
export type {
  KubeApiServerHandle,
  KubeApiServerOptions,
  KubeFaults,
} from './createKubeApiServer';
export {
  InMemoryClusterStore,
  DEFAULT_NAMESPACES,
} from './store/InMemoryClusterStore';
export type { ClusterStoreOptions } from './store/InMemoryClusterStore';
export type { EsoVersions } from './esoResources';
export { ADMIN_RULES } from './http/accessRules';
export type { AccessRule } from './http/accessRules';
export type {
  IssueTokenOptions,
  ServiceAccountTokenOptions,
} from './http/TokenAuthority';
export type { Fail5xxOptions } from './http/Faults';
export { validateEsoObject } from './schema/esoSchemas';
export type { EsoValidationResult } from './schema/esoSchemas';
export {
  fromLabelSelectorObject,
  matchesLabels,
  parseLabelSelector,
} from './selectors/labelSelector';
export type { LabelSelector } from './selectors/labelSelector';
export {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  forbidden,
  invalid,
  isKubeApiError,
  notFound,
  qualifiedResource,
  statusBody,
} from './apiErrors';
export type { StatusCause } from './apiErrors';
