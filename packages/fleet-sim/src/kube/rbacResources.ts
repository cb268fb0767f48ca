import { ageOf } from './humanDuration';
import {
  AGE_COLUMN_DESCRIPTION,
  METADATA_FIELD_SELECTORS,
  NAME_COLUMN_DESCRIPTION,
  ResourceDefinition,
  TableColumn,
  resourceKey,
} from './resourceDefinition';
import { KubeObject } from './types';

/**
 * rbac.authorization.k8s.io/v1 (the four RBAC kinds), authorization.k8s.io/v1 (the access reviews)
 * and authentication.k8s.io/v1 SelfSubjectReview, as a v1.32 API server describes them. Table
 * columns follow pkg/printers/internalversion/printers.go (roleColumnDefinitions,
 * roleBindingsColumnDefinitions).
 */

const READ_WRITE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const CREATED_AT_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function column(
  name: string,
  type: string,
  cell: TableColumn['cell'],
  options: { priority?: number; format?: string; description?: string } = {},
): TableColumn {
  return {
    name,
    type,
    format: options.format ?? '',
    description: options.description ?? '',
    priority: options.priority ?? 0,
    cell,
  };
}

const nameColumn = column('Name', 'string', o => o.metadata.name, {
  format: 'name',
  description: NAME_COLUMN_DESCRIPTION,
});

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

function subjectsOf(o: KubeObject, kind: string): string {
  const subjects = (Array.isArray(o.subjects) ? o.subjects : []) as Subject[];
  return subjects
    .filter(s => s.kind === kind)
    .map(s =>
      kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name,
    )
    .join(', ');
}

const roleColumns: TableColumn[] = [
  nameColumn,
  column('Created At', 'date', o => o.metadata.creationTimestamp ?? '', {
    description: CREATED_AT_DESCRIPTION,
  }),
];

const bindingColumns: TableColumn[] = [
  nameColumn,
  column(
    'Role',
    'string',
    o => {
      const ref = (o.roleRef ?? {}) as { kind?: string; name?: string };
      return `${ref.kind ?? ''}/${ref.name ?? ''}`;
    },
    {
      description:
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
    },
  ),
  column(
    'Age',
    'string',
    (o, now) => ageOf(o.metadata.creationTimestamp, now),
    {
      description: AGE_COLUMN_DESCRIPTION,
    },
  ),
  column('Users', 'string', o => subjectsOf(o, 'User'), {
    priority: 1,
    description: 'Users in the roleBinding',
  }),
  column('Groups', 'string', o => subjectsOf(o, 'Group'), {
    priority: 1,
    description: 'Groups in the roleBinding',
  }),
  column('ServiceAccounts', 'string', o => subjectsOf(o, 'ServiceAccount'), {
    priority: 1,
    description: 'ServiceAccounts in the roleBinding',
  }),
];

function definition(
  group: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  verbs: string[],
  tableColumns: TableColumn[],
): ResourceDefinition {
  const ref = { group, resource };
  return {
    ref,
    key: resourceKey(ref),
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: [],
    categories: [],
    verbs,
    versions: ['v1'],
    storageVersion: 'v1',
    subresources: [],
    hasStatusSubresource: false,
    custom: false,
    tracksGeneration: false,
    fieldSelectors: namespaced
      ? { ...METADATA_FIELD_SELECTORS }
      : { 'metadata.name': METADATA_FIELD_SELECTORS['metadata.name'] },
    tableColumns,
  };
}

const RBAC = 'rbac.authorization.k8s.io';
const AUTHORIZATION = 'authorization.k8s.io';
const CREATE = ['create'];

export const RBAC_RESOURCES: ResourceDefinition[] = [
  definition(
    RBAC,
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
    READ_WRITE_VERBS,
    bindingColumns,
  ),
  definition(
    RBAC,
    'clusterroles',
    'ClusterRole',
    false,
    READ_WRITE_VERBS,
    roleColumns,
  ),
  definition(
    RBAC,
    'rolebindings',
    'RoleBinding',
    true,
    READ_WRITE_VERBS,
    bindingColumns,
  ),
  definition(RBAC, 'roles', 'Role', true, READ_WRITE_VERBS, roleColumns),
  definition(
    AUTHORIZATION,
    'localsubjectaccessreviews',
    'LocalSubjectAccessReview',
    true,
    CREATE,
    [nameColumn],
  ),
  definition(
    AUTHORIZATION,
    'selfsubjectaccessreviews',
    'SelfSubjectAccessReview',
    false,
    CREATE,
    [nameColumn],
  ),
  definition(
    AUTHORIZATION,
    'selfsubjectrulesreviews',
    'SelfSubjectRulesReview',
    false,
    CREATE,
    [nameColumn],
  ),
  definition(
    AUTHORIZATION,
    'subjectaccessreviews',
    'SubjectAccessReview',
    false,
    CREATE,
    [nameColumn],
  ),
  definition(
    'authentication.k8s.io',
    'selfsubjectreviews',
    'SelfSubjectReview',
    false,
    CREATE,
    [nameColumn],
  ),
];

/** The review kinds: created and answered, never stored (their registries have no storage). */
export const REVIEW_KEYS = new Set(
  RBAC_RESOURCES.filter(d => d.verbs.length === 1).map(d => d.key),
);
