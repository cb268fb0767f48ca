import type { AccessRule } from '../http/accessRules';
import type { ResourceCatalog } from '../ResourceCatalog';
import { ClusterStore, KubeObject, ResourceRef } from '../types';
import { RBAC_GROUP } from './bootstrapPolicy';
import { PolicyRule } from './policyRule';

/**
 * fleet-sim's shorthand `AccessRule`s written as the RBAC objects a cluster admin would create, so
 * that a service account's rights are visible (`kubectl get clusterrolebindings`) and decided by
 * the RBAC authorizer like any other: cluster-wide rules become a ClusterRole + ClusterRoleBinding,
 * namespaced rules a Role + RoleBinding in each namespace, all named `fleet-sim:grant:<ns>:<sa>`.
 */

const ref = (resource: string): ResourceRef => ({
  group: RBAC_GROUP,
  resource,
});

export function toPolicyRule(
  rule: AccessRule,
  pattern: string,
  catalog: ResourceCatalog,
): PolicyRule {
  if (pattern === '*')
    return { verbs: rule.verbs, apiGroups: ['*'], resources: ['*'] };
  const parts = pattern.split('/');
  const [group, resource, subresource] =
    parts.length === 1 ? ['', parts[0], undefined] : parts;
  let resources = [subresource ? `${resource}/${subresource}` : resource];
  if (subresource === '*' && resource !== '*') {
    // RBAC has no `<resource>/*`: name the resource and each of its subresources
    const def = catalog
      .all()
      .find(
        d =>
          d.ref.resource === resource &&
          (group === '*' || d.ref.group === group),
      );
    resources = [
      resource,
      ...(def?.subresources ?? []).map(s => `${resource}/${s.name}`),
    ];
  } else if (subresource === '*') {
    resources = ['*'];
  }
  return { verbs: rule.verbs, apiGroups: [group], resources };
}

export class ServiceAccountGrants {
  readonly #store: ClusterStore;
  readonly #catalog: ResourceCatalog;
  readonly #written = new Map<
    string,
    Array<[ResourceRef, string | undefined, string]>
  >();

  constructor(store: ClusterStore, catalog: ResourceCatalog) {
    this.#store = store;
    this.#catalog = catalog;
  }

  /** Replaces what an earlier grant to the same service account wrote. */
  grant(namespace: string, name: string, rules: AccessRule[]): void {
    const key = `${namespace}/${name}`;
    for (const [r, ns, objectName] of this.#written.get(key) ?? []) {
      if (this.#store.get(r, ns, objectName))
        this.#store.delete(r, ns, objectName);
    }
    const objectName = `fleet-sim:grant:${namespace}:${name}`;
    const subject = { kind: 'ServiceAccount', name, namespace };
    const byScope = new Map<string, PolicyRule[]>();
    for (const rule of rules) {
      const scopes =
        !rule.namespaces || rule.namespaces.includes('*')
          ? ['']
          : rule.namespaces;
      for (const scope of scopes) {
        const list = byScope.get(scope) ?? [];
        list.push(
          ...rule.resources.map(p => toPolicyRule(rule, p, this.#catalog)),
        );
        byScope.set(scope, list);
      }
    }
    const written: Array<[ResourceRef, string | undefined, string]> = [];
    const create = (r: ResourceRef, obj: KubeObject) => {
      this.#store.create(r, obj);
      written.push([r, obj.metadata.namespace, obj.metadata.name]);
    };
    for (const [scope, policyRules] of byScope) {
      const namespaced = scope !== '';
      const metadata = namespaced
        ? { name: objectName, namespace: scope }
        : { name: objectName };
      const roleKind = namespaced ? 'Role' : 'ClusterRole';
      create(ref(namespaced ? 'roles' : 'clusterroles'), {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: roleKind,
        metadata,
        rules: policyRules,
      });
      create(ref(namespaced ? 'rolebindings' : 'clusterrolebindings'), {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
        metadata: { ...metadata },
        roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name: objectName },
        subjects: [subject],
      });
    }
    this.#written.set(key, written);
  }
}
