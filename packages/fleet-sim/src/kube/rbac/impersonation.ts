import { IncomingMessage } from 'node:http';
import { badRequest, forbidden } from '../apiErrors';
import { forbiddenReason } from '../http/accessRules';
import type { RequestInfo } from '../http/requestInfo';
import { Identity, userInfoOf } from '../http/TokenAuthority';
import type { Authorizer } from './Authorizer';
import { AuthorizationAttributes } from './policyRule';

/**
 * The impersonation filter (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go) behind
 * `kubectl --as / --as-group / --as-uid`: each Impersonate-* header is authorized as the verb
 * `impersonate` on users, serviceaccounts, groups, uids or userextras/<key>; then the request runs
 * as the impersonated user, with `system:authenticated` added (unless a system:(un)authenticated
 * group was asked for) and, for a service account without explicit groups, its fixed groups. The
 * impersonated user has no token of its own, so only RBAC decides for it.
 */

const SA_PREFIX = 'system:serviceaccount:';

interface ImpersonationRequest {
  resource: string;
  namespace: string;
  name: string;
  subresource: string;
}

function headerValues(req: IncomingMessage, name: string): string[] {
  const raw = req.headers[name];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).flatMap(v =>
    name === 'impersonate-group' ? v.split(',').map(s => s.trim()) : [v],
  );
}

export function impersonate(
  req: IncomingMessage,
  identity: Identity,
  authorizer: Authorizer,
): Identity {
  const user = headerValues(req, 'impersonate-user')[0];
  const groupsAsked = headerValues(req, 'impersonate-group');
  const uid = headerValues(req, 'impersonate-uid')[0];
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(req.headers)) {
    if (!header.startsWith('impersonate-extra-')) continue;
    const key = decodeURIComponent(header.slice('impersonate-extra-'.length));
    extra[key] = (Array.isArray(value) ? value : [String(value)]).flatMap(v =>
      v.split(',').map(s => s.trim()),
    );
  }
  if (!user) {
    if (groupsAsked.length || uid || Object.keys(extra).length)
      throw badRequest(
        'requested impersonation of groups, extra or uid without impersonating a user',
      );
    return identity;
  }

  const requests: ImpersonationRequest[] = [];
  let groups: string[] = [];
  if (user.startsWith(SA_PREFIX) && user.split(':').length === 4) {
    const [, , namespace, name] = user.split(':');
    requests.push({
      resource: 'serviceaccounts',
      namespace,
      name,
      subresource: '',
    });
    if (!groupsAsked.length)
      groups = [
        'system:serviceaccounts',
        `system:serviceaccounts:${namespace}`,
      ];
  } else {
    requests.push({
      resource: 'users',
      namespace: '',
      name: user,
      subresource: '',
    });
  }
  for (const group of groupsAsked) {
    requests.push({
      resource: 'groups',
      namespace: '',
      name: group,
      subresource: '',
    });
    groups.push(group);
  }
  for (const [key, values] of Object.entries(extra)) {
    for (const value of values)
      requests.push({
        resource: 'userextras',
        namespace: '',
        name: value,
        subresource: key,
      });
  }
  if (uid)
    requests.push({
      resource: 'uids',
      namespace: '',
      name: uid,
      subresource: '',
    });

  const requestor = userInfoOf(identity);
  for (const r of requests) {
    const group =
      r.resource === 'userextras' || r.resource === 'uids'
        ? 'authentication.k8s.io'
        : '';
    const attributes: AuthorizationAttributes = {
      user: requestor,
      verb: 'impersonate',
      resourceRequest: true,
      namespace: r.namespace,
      apiGroup: group,
      apiVersion: 'v1',
      resource: r.resource,
      subresource: r.subresource,
      name: r.name,
      path: '',
    };
    const decision = authorizer.authorize(attributes, identity.rules);
    if (!decision.allowed) {
      const info: RequestInfo = {
        isResourceRequest: true,
        verb: 'impersonate',
        apiPrefix: 'api',
        group,
        version: 'v1',
        namespace: r.namespace,
        resource: r.resource,
        name: r.name,
        subresource: r.subresource,
        path: '',
      };
      const why = forbiddenReason(identity.user, info);
      throw forbidden(
        { group, resource: r.resource },
        r.name,
        decision.reason ? `${why}: ${decision.reason}` : why,
      );
    }
  }
  if (
    user !== 'system:anonymous' &&
    !groups.includes('system:authenticated') &&
    !groups.includes('system:unauthenticated')
  )
    groups.push('system:authenticated');
  return {
    user,
    uid: uid ?? '',
    groups,
    rules: [],
  };
}
