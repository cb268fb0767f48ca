import { KubeObject } from '../types';
import { PolicyRule } from './policyRule';

/**
 * The bootstrap ClusterRoles and ClusterRoleBindings of a v1.32 API server that matter here
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: clusterRoles(), basicUserRules(),
 * ClusterRoleBindings()): discovery, health and version for everyone authenticated
 * (system:discovery, system:public-info-viewer), the self reviews (system:basic-user),
 * cluster-admin for system:masters, and system:auth-delegator for token reviewers to be bound to.
 * The server reconciles them at start, so they are there before any client.
 */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const BOOTSTRAP_METADATA = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

// RuleOrDie sorts every list of a rule
const rule = (r: PolicyRule): PolicyRule =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, [...(v as string[])].sort()]),
  ) as unknown as PolicyRule;

const BOOTSTRAP_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
    rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
  ],
  'system:discovery': [
    rule({
      verbs: ['get'],
      nonResourceURLs: [
        '/livez',
        '/readyz',
        '/healthz',
        '/version',
        '/version/',
        '/openapi',
        '/openapi/*',
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
      ],
    }),
  ],
  'system:basic-user': [
    rule({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    }),
    rule({
      verbs: ['create'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['selfsubjectreviews'],
    }),
  ],
  'system:public-info-viewer': [
    rule({
      verbs: ['get'],
      nonResourceURLs: [
        '/livez',
        '/readyz',
        '/healthz',
        '/version',
        '/version/',
      ],
    }),
  ],
  'system:auth-delegator': [
    rule({
      verbs: ['create'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['tokenreviews'],
    }),
    rule({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['subjectaccessreviews'],
    }),
  ],
};

const BOOTSTRAP_BINDINGS: Record<string, string[]> = {
  'cluster-admin': ['system:masters'],
  'system:discovery': ['system:authenticated'],
  'system:basic-user': ['system:authenticated'],
  'system:public-info-viewer': [
    'system:authenticated',
    'system:unauthenticated',
  ],
};

export function bootstrapClusterRoles(): KubeObject[] {
  return Object.entries(BOOTSTRAP_ROLES).map(([name, rules]) => ({
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, ...structuredClone(BOOTSTRAP_METADATA) },
    rules,
  }));
}

export function bootstrapClusterRoleBindings(): KubeObject[] {
  return Object.entries(BOOTSTRAP_BINDINGS).map(([name, groups]) => ({
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...structuredClone(BOOTSTRAP_METADATA) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: groups.map(group => ({
      apiGroup: RBAC_GROUP,
      kind: 'Group',
      name: group,
    })),
  }));
}
