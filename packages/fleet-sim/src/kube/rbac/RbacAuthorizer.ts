import { ClusterStore, KubeObject, StoreEvent } from '../types';
import { RBAC_GROUP } from './bootstrapPolicy';
import {
  AuthorizationAttributes,
  normalizeRule,
  PolicyRule,
  ruleAllows,
  UserInfo,
} from './policyRule';

/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go) over the cluster's own Role,
 * ClusterRole, RoleBinding and ClusterRoleBinding objects, with the rule resolver of
 * pkg/registry/rbac/validation/rule.go: ClusterRoleBindings first, then the RoleBindings of the
 * request's namespace; the first rule that allows wins and names its binding in the reason;
 * unresolvable role references become the `RBAC: ...` reason of a denial. Like the real
 * authorizer it reads an informer-style index kept current from the store's events, not the
 * store itself. Aggregated ClusterRoles are not expanded.
 */

interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

type Visitor = (
  source: string | undefined,
  rule: PolicyRule | undefined,
  error: string | undefined,
) => boolean;

export interface Decision {
  allowed: boolean;
  reason: string;
}

const KINDS = ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'];

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount')
    return `${s.kind} ${JSON.stringify(
      `${s.name}/${s.namespace || bindingNamespace}`,
    )}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

function appliesToUser(
  user: UserInfo,
  subject: Subject,
  namespace: string,
): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name ?? '');
    case 'ServiceAccount': {
      const saNamespace = subject.namespace || namespace;
      if (!saNamespace) return false;
      return (
        user.username === `system:serviceaccount:${saNamespace}:${subject.name}`
      );
    }
    default:
      return false;
  }
}

export class RbacAuthorizer {
  readonly #objects: Record<string, Map<string, KubeObject>> = {};

  constructor(store: ClusterStore) {
    for (const resource of KINDS) {
      this.#objects[resource] = new Map(
        store
          .list({ group: RBAC_GROUP, resource })
          .map(o => [keyOf(o), o] as const),
      );
    }
    store.subscribe(event => this.#observe(event));
  }

  #observe(event: StoreEvent): void {
    if (event.ref.group !== RBAC_GROUP) return;
    const index = this.#objects[event.ref.resource];
    if (!index) return;
    if (event.type === 'DELETED') index.delete(keyOf(event.object));
    else index.set(keyOf(event.object), event.object);
  }

  #roleRules(
    ref: RoleRef,
    bindingNamespace: string,
  ): { rules: PolicyRule[] } | { error: string } {
    const name = ref.name ?? '';
    if (ref.kind === 'Role') {
      const role = this.#objects.roles.get(`${bindingNamespace}/${name}`);
      if (!role)
        return {
          error: `role.${RBAC_GROUP} ${JSON.stringify(name)} not found`,
        };
      return { rules: this.#rulesOf(role) };
    }
    if (ref.kind === 'ClusterRole') {
      const role = this.#objects.clusterroles.get(`/${name}`);
      if (!role)
        return {
          error: `clusterrole.${RBAC_GROUP} ${JSON.stringify(name)} not found`,
        };
      return { rules: this.#rulesOf(role) };
    }
    return {
      error: `unsupported role reference kind: ${JSON.stringify(
        ref.kind ?? '',
      )}`,
    };
  }

  #rulesOf(role: KubeObject): PolicyRule[] {
    return (Array.isArray(role.rules) ? role.rules : []).map(normalizeRule);
  }

  /** DefaultRuleResolver.VisitRulesFor */
  visitRulesFor(user: UserInfo, namespace: string, visitor: Visitor): void {
    const bindings: Array<[KubeObject, string]> = [
      ...[...this.#objects.clusterrolebindings.values()].map(
        b => [b, ''] as [KubeObject, string],
      ),
    ];
    if (namespace) {
      for (const b of this.#objects.rolebindings.values()) {
        if (b.metadata.namespace === namespace) bindings.push([b, namespace]);
      }
    }
    for (const [binding, bindingNamespace] of bindings) {
      const subjects = (
        Array.isArray(binding.subjects) ? binding.subjects : []
      ) as Subject[];
      const subject = subjects.find(s =>
        appliesToUser(user, s, bindingNamespace),
      );
      if (!subject) continue;
      const ref = (binding.roleRef ?? {}) as RoleRef;
      const resolved = this.#roleRules(ref, bindingNamespace);
      if ('error' in resolved) {
        if (!visitor(undefined, undefined, resolved.error)) return;
        continue;
      }
      const source = bindingNamespace
        ? `RoleBinding ${JSON.stringify(
            `${binding.metadata.name}/${bindingNamespace}`,
          )}`
        : `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)}`;
      const describe = `${source} of ${ref.kind} ${JSON.stringify(
        ref.name,
      )} to ${describeSubject(subject, bindingNamespace)}`;
      for (const rule of resolved.rules) {
        if (!visitor(describe, rule, undefined)) return;
      }
    }
  }

  authorize(attributes: AuthorizationAttributes): Decision {
    const errors: string[] = [];
    let reason: string | undefined;
    this.visitRulesFor(
      attributes.user,
      attributes.namespace,
      (source, rule, error) => {
        if (rule && ruleAllows(attributes, rule)) {
          reason = `RBAC: allowed by ${source}`;
          return false;
        }
        if (error) errors.push(error);
        return true;
      },
    );
    if (reason !== undefined) return { allowed: true, reason };
    return {
      allowed: false,
      reason: errors.length ? `RBAC: ${aggregate(errors)}` : '',
    };
  }

  /** DefaultRuleResolver.RulesFor: every rule that applies, and the resolution errors. */
  rulesFor(
    user: UserInfo,
    namespace: string,
  ): { rules: PolicyRule[]; error?: string } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return errors.length ? { rules, error: aggregate(errors) } : { rules };
  }
}

/** k8s.io/apimachinery/pkg/util/errors.NewAggregate(...).Error() */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
