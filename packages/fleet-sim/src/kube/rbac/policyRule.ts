/**
 * rbac/v1 PolicyRule and the request attributes it is matched against, with the matching rules of
 * plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows) and pkg/apis/rbac/v1/evaluation_helpers.go
 * (VerbMatches, APIGroupMatches, ResourceMatches incl. `*` and `*\/subresource`,
 * ResourceNameMatches, NonResourceURLMatches with a trailing `*`).
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** k8s.io/apiserver authorizer.Attributes */
export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  path: string;
}

const has = (list: string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value));

function resourceMatches(
  rule: PolicyRule,
  combined: string,
  subresource: string,
): boolean {
  return (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (subresource !== '' && r === `*/${subresource}`),
  );
}

function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(url => {
    if (url === '*' || url === path) return true;
    return url.endsWith('*') && path.startsWith(url.slice(0, -1));
  });
}

export function ruleAllows(
  attributes: AuthorizationAttributes,
  rule: PolicyRule,
): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (!attributes.resourceRequest)
    return nonResourceUrlMatches(rule, attributes.path);
  const combined = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  return (
    has(rule.apiGroups, attributes.apiGroup) &&
    resourceMatches(rule, combined, attributes.subresource) &&
    (!rule.resourceNames?.length ||
      rule.resourceNames.includes(attributes.name))
  );
}

/** Only the rule's own fields, in rbac/v1's JSON order, for storing and for rules reviews. */
export function normalizeRule(raw: unknown): PolicyRule {
  const r = (raw ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.map(String) : undefined;
  const rule: PolicyRule = { verbs: strings(r.verbs) ?? [] };
  for (const field of [
    'apiGroups',
    'resources',
    'resourceNames',
    'nonResourceURLs',
  ] as const) {
    const value = strings(r[field]);
    if (value?.length) rule[field] = value;
  }
  return rule;
}
