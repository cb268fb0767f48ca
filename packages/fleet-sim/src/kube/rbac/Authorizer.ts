import { AccessRule, rulesAllow } from '../http/accessRules';
import type { ResourceRequestInfo } from '../http/requestInfo';
import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { toPolicyRule } from './accessRuleGrants';
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  RBAC_GROUP,
} from './bootstrapPolicy';
import { AuthorizationAttributes, PolicyRule, UserInfo } from './policyRule';
import { Decision, RbacAuthorizer } from './RbacAuthorizer';

/**
 * The server's authorizer chain (kube-apiserver --authorization-mode=Node,RBAC behind the
 * system:masters short-circuit, as pkg/kubeapiserver/authorizer/config.go builds it, joined by
 * the union authorizer: the first Allow wins). fleet-sim's static bearer tokens carry their own
 * `AccessRule`s, checked before RBAC like an extra authorizer mode that knows only that token;
 * service-account tokens have none, so for them only the RBAC objects decide.
 */
export interface RulesReview {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
  incomplete: boolean;
  evaluationError?: string;
}

function tokenRulesAllow(
  rules: AccessRule[],
  attributes: AuthorizationAttributes,
): boolean {
  if (!attributes.resourceRequest) {
    // `*` on every resource is "everything, like cluster-admin", whose rules include URLs `*`
    return rules.some(
      r =>
        r.resources.includes('*') &&
        (r.verbs.includes('*') || r.verbs.includes(attributes.verb)) &&
        (!r.namespaces || r.namespaces.includes('*')),
    );
  }
  const info = {
    isResourceRequest: true,
    verb: attributes.verb,
    group: attributes.apiGroup,
    namespace: attributes.namespace,
    resource: attributes.resource,
    subresource: attributes.subresource,
  } as ResourceRequestInfo;
  return rulesAllow(rules, info);
}

export class Authorizer {
  readonly #store: InMemoryClusterStore;
  readonly rbac: RbacAuthorizer;

  constructor(store: InMemoryClusterStore) {
    this.#store = store;
    const reconcile = (
      resource: string,
      objects: ReturnType<typeof bootstrapClusterRoles>,
    ) => {
      const r = { group: RBAC_GROUP, resource };
      for (const obj of objects) {
        if (!store.get(r, undefined, obj.metadata.name)) store.create(r, obj);
      }
    };
    reconcile('clusterroles', bootstrapClusterRoles());
    reconcile('clusterrolebindings', bootstrapClusterRoleBindings());
    this.rbac = new RbacAuthorizer(store);
  }

  authorize(
    attributes: AuthorizationAttributes,
    tokenRules: AccessRule[] = [],
  ): Decision {
    if (attributes.user.groups.includes('system:masters'))
      return { allowed: true, reason: '' };
    if (tokenRules.length && tokenRulesAllow(tokenRules, attributes))
      return { allowed: true, reason: '' };
    return this.rbac.authorize(attributes);
  }

  /** authorizer.RuleResolver of the chain, for SelfSubjectRulesReview. */
  rulesFor(
    user: UserInfo,
    namespace: string,
    tokenRules: AccessRule[] = [],
  ): RulesReview {
    const review: RulesReview = {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
    };
    if (user.groups.includes('system:masters')) {
      review.resourceRules.push({
        verbs: ['*'],
        apiGroups: ['*'],
        resources: ['*'],
      });
      review.nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
    }
    for (const rule of tokenRules) {
      const applies =
        !rule.namespaces ||
        rule.namespaces.includes('*') ||
        rule.namespaces.includes(namespace);
      if (!applies) continue;
      for (const pattern of rule.resources) {
        review.resourceRules.push(
          toPolicyRule(rule, pattern, this.#store.catalog),
        );
      }
      if (
        rule.resources.includes('*') &&
        (!rule.namespaces || rule.namespaces.includes('*'))
      )
        review.nonResourceRules.push({
          verbs: rule.verbs,
          nonResourceURLs: ['*'],
        });
    }
    const { rules, error } = this.rbac.rulesFor(user, namespace);
    for (const rule of rules) {
      // RBACAuthorizer.RulesFor: a rule can feed both lists
      if (rule.resources?.length)
        review.resourceRules.push({
          verbs: rule.verbs,
          ...(rule.apiGroups ? { apiGroups: rule.apiGroups } : {}),
          resources: rule.resources,
          ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
        });
      if (rule.nonResourceURLs?.length)
        review.nonResourceRules.push({
          verbs: rule.verbs,
          nonResourceURLs: rule.nonResourceURLs,
        });
    }
    if (error) review.evaluationError = error;
    return review;
  }
}
