import type { AuthorizationAttributes, UserInfo } from '../rbac/policyRule';
import { RequestInfo, ResourceRequestInfo } from './requestInfo';

/**
 * What one static token may do (service accounts get RBAC objects instead), RBAC-style: verbs x resources x namespaces, each with `*` wildcards.
 *
 * resources are written `group/resource[/subresource]`; the core group is empty (`/secrets`) or
 * omitted (`secrets`). Examples: `external-secrets.io/externalsecrets`,
 * `external-secrets.io/externalsecrets/status`, `apps/*`, `*`.
 * namespaces: omitted or `['*']` grants cluster-wide (ClusterRoleBinding: all namespaces and
 * cluster scope); a list grants only requests inside those namespaces (RoleBindings).
 */
export interface AccessRule {
  verbs: string[];
  resources: string[];
  namespaces?: string[];
}

/** Everything, like cluster-admin. */
export const ADMIN_RULES: AccessRule[] = [{ verbs: ['*'], resources: ['*'] }];

interface ResourcePattern {
  group: string;
  resource: string;
  subresource: string | undefined;
}

function parsePattern(text: string): ResourcePattern {
  if (text === '*') return { group: '*', resource: '*', subresource: '*' };
  const parts = text.split('/');
  if (parts.length === 1)
    return { group: '', resource: parts[0], subresource: undefined };
  return { group: parts[0], resource: parts[1], subresource: parts[2] };
}

function matchesResource(
  pattern: ResourcePattern,
  info: ResourceRequestInfo,
): boolean {
  if (pattern.group !== '*' && pattern.group !== info.group) return false;
  if (pattern.resource !== '*' && pattern.resource !== info.resource)
    return false;
  if (pattern.subresource === '*') return true;
  if (pattern.resource === '*' && pattern.subresource === undefined)
    return true;
  return (pattern.subresource ?? '') === info.subresource;
}

export function ruleAllows(
  rule: AccessRule,
  info: ResourceRequestInfo,
): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(info.verb))
    return false;
  if (!rule.resources.some(r => matchesResource(parsePattern(r), info)))
    return false;
  const namespaces = rule.namespaces ?? ['*'];
  if (namespaces.includes('*')) return true;
  return info.namespace !== '' && namespaces.includes(info.namespace);
}

export function rulesAllow(
  rules: AccessRule[],
  info: ResourceRequestInfo,
): boolean {
  return rules.some(rule => ruleAllows(rule, info));
}

/** The request attributes authorizers decide on (filters.GetAuthorizerAttributes). */
export function authorizationAttributes(
  user: UserInfo,
  info: RequestInfo,
): AuthorizationAttributes {
  if (!info.isResourceRequest)
    return {
      user,
      verb: info.verb,
      resourceRequest: false,
      namespace: '',
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      name: '',
      path: info.path,
    };
  return {
    user,
    verb: info.verb,
    resourceRequest: true,
    namespace: info.namespace,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    path: info.path,
  };
}

/** The authorization filter's message (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters). */
export function forbiddenReason(user: string, info: RequestInfo): string {
  if (!info.isResourceRequest)
    return `User "${user}" cannot ${info.verb} path "${info.path}"`;
  const resource = info.subresource
    ? `${info.resource}/${info.subresource}`
    : info.resource;
  const where = info.namespace
    ? `in the namespace "${info.namespace}"`
    : 'at the cluster scope';
  return `User "${user}" cannot ${info.verb} resource "${resource}" in API group "${info.group}" ${where}`;
}
