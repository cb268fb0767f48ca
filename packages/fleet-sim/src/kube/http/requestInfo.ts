/**
 * k8s.io/apiserver's RequestInfoFactory: turns method + path into the attributes authorization and
 * the handlers work with (verb, API group/version, namespace, resource, name, subresource).
 */
export interface ResourceRequestInfo {
  isResourceRequest: true;
  verb: string;
  apiPrefix: 'api' | 'apis';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  path: string;
}

export interface NonResourceRequestInfo {
  isResourceRequest: false;
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function isWatchParam(value: string | null): boolean {
  return value === '1' || value === 'true';
}

export function parseRequestInfo(
  method: string,
  path: string,
  query: URLSearchParams,
): RequestInfo {
  const lower = method.toLowerCase();
  const nonResource: NonResourceRequestInfo = {
    isResourceRequest: false,
    verb: lower,
    path,
  };
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'api' && parts[0] !== 'apis') return nonResource;
  const apiPrefix = parts[0] as 'api' | 'apis';
  let rest = parts.slice(1);
  let group = '';
  if (apiPrefix === 'apis') {
    if (rest.length < 3) return nonResource; // /apis, /apis/<group>, /apis/<group>/<version>
    group = rest[0];
    rest = rest.slice(1);
  } else if (rest.length < 2) {
    return nonResource; // /api, /api/v1
  }
  const version = rest[0];
  rest = rest.slice(1);

  let verb =
    {
      get: 'get',
      post: 'create',
      put: 'update',
      patch: 'patch',
      delete: 'delete',
    }[lower] ?? lower;
  // legacy /api/v1/watch/... paths
  if (rest[0] === 'watch') {
    verb = 'watch';
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))
      rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = ''] = rest;
  const extra = rest.length > 3;
  if (extra) return nonResource;

  if (verb === 'get' && !name)
    verb = isWatchParam(query.get('watch')) ? 'watch' : 'list';
  if (verb === 'get' && name && isWatchParam(query.get('watch')))
    verb = 'watch';
  if (verb === 'delete' && !name) verb = 'deletecollection';

  return {
    isResourceRequest: true,
    verb,
    apiPrefix,
    group,
    version,
    namespace,
    resource,
    name,
    subresource,
    path,
  };
}
