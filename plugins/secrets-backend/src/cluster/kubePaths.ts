/*
 * REST paths of the objects the plugin watches and writes, each segment encoded on its own (as
 * the Kubernetes plugin's buildResourcePath does), so a name can never reach another path.
 */

export const ESO_GROUP = 'external-secrets.io';

/** `namespace` undefined: cluster-scoped, or every namespace for a collection. */
export function resourcePath(
  prefix: string,
  plural: string,
  namespace?: string,
  name?: string,
): string {
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const one = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  return `${prefix}${ns}/${encodeURIComponent(plural)}${one}`;
}

export function esoPath(
  version: string,
  plural: string,
  namespace?: string,
  name?: string,
): string {
  return resourcePath(
    `/apis/${ESO_GROUP}/${encodeURIComponent(version)}`,
    plural,
    namespace,
    name,
  );
}

/** The legacy core group (`/api/v1`): secrets, events. */
export function corePath(
  plural: string,
  namespace?: string,
  name?: string,
): string {
  return resourcePath('/api/v1', plural, namespace, name);
}

/** apps/v1: deployments, statefulsets, daemonsets. */
export function appsPath(
  plural: string,
  namespace?: string,
  name?: string,
): string {
  return resourcePath('/apis/apps/v1', plural, namespace, name);
}

export const SELF_SUBJECT_ACCESS_REVIEWS =
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
