import type { StatusCause } from '../apiErrors';
import { isPlainObject } from '../objectUtil';
import type { ResourceDefinition } from '../resourceDefinition';
import type { KubeObject } from '../types';
import { RBAC_GROUP } from './bootstrapPolicy';
import { pathSegmentNameProblems } from './rbacName';

/**
 * Defaulting and validation of the RBAC kinds (pkg/apis/rbac/v1/defaults.go and
 * pkg/apis/rbac/validation/validation.go): rules need verbs and either resources with API groups
 * or non-resource URLs (cluster-wide only); bindings need a roleRef in rbac.authorization.k8s.io
 * that never changes, and well-formed subjects. Escalation prevention is not simulated.
 */

type Json = Record<string, any>;

const quoted = (values: string[]) =>
  values.map(v => JSON.stringify(v)).join(', ');
const required = (field: string, detail = ''): StatusCause => ({
  reason: 'FieldValueRequired',
  field,
  message: detail ? `Required value: ${detail}` : 'Required value',
});
const notSupported = (
  field: string,
  value: unknown,
  supported: string[],
): StatusCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(
    value ?? '',
  )}: supported values: ${quoted(supported)}`,
});
// field.Invalid prints slices and structs with Go's %#v
const goStrings = (values: string[]) => `[]string{${quoted(values)}}`;

function ruleCauses(
  rule: Json,
  path: string,
  namespaced: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const list = (k: string): string[] => (Array.isArray(rule[k]) ? rule[k] : []);
  if (!list('verbs').length)
    causes.push(
      required(`${path}.verbs`, 'verbs must contain at least one value'),
    );
  const urls = list('nonResourceURLs');
  if (urls.length) {
    const invalid = (message: string): StatusCause => ({
      reason: 'FieldValueInvalid',
      field: `${path}.nonResourceURLs`,
      message: `Invalid value: ${goStrings(urls)}: ${message}`,
    });
    if (namespaced)
      causes.push(
        invalid('namespaced rules cannot apply to non-resource URLs'),
      );
    if (
      list('apiGroups').length ||
      list('resources').length ||
      list('resourceNames').length
    )
      causes.push(
        invalid(
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return causes;
  }
  if (!list('apiGroups').length)
    causes.push(
      required(
        `${path}.apiGroups`,
        'resource rules must supply at least one api group',
      ),
    );
  if (!list('resources').length)
    causes.push(
      required(
        `${path}.resources`,
        'resource rules must supply at least one resource',
      ),
    );
  return causes;
}

function subjectCauses(
  subject: Json,
  path: string,
  namespaced: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!subject.name) causes.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.apiGroup)
        causes.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace)
        causes.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== RBAC_GROUP)
        causes.push(
          notSupported(`${path}.apiGroup`, subject.apiGroup, [RBAC_GROUP]),
        );
      break;
    default:
      causes.push(
        notSupported(`${path}.kind`, subject.kind, [
          'ServiceAccount',
          'User',
          'Group',
        ]),
      );
  }
  return causes;
}

function goRoleRef(ref: Json): string {
  return `rbac.RoleRef{APIGroup:${JSON.stringify(
    ref.apiGroup ?? '',
  )}, Kind:${JSON.stringify(ref.kind ?? '')}, Name:${JSON.stringify(
    ref.name ?? '',
  )}}`;
}

/** Mutates `obj` (defaults); returns validation causes. */
export function admitRbac(
  def: ResourceDefinition,
  obj: KubeObject,
  old?: KubeObject,
): StatusCause[] {
  const namespaced = def.namespaced;
  if (def.ref.resource === 'roles' || def.ref.resource === 'clusterroles') {
    const rules: Json[] = Array.isArray(obj.rules) ? obj.rules : [];
    return rules.flatMap((rule, i) =>
      ruleCauses(isPlainObject(rule) ? rule : {}, `rules[${i}]`, namespaced),
    );
  }
  const roleRef: Json = isPlainObject(obj.roleRef) ? (obj.roleRef as Json) : {};
  obj.roleRef = roleRef;
  if (!roleRef.apiGroup) roleRef.apiGroup = RBAC_GROUP;
  const subjects: Json[] = Array.isArray(obj.subjects) ? obj.subjects : [];
  for (const subject of subjects) {
    if (
      isPlainObject(subject) &&
      !subject.apiGroup &&
      (subject.kind === 'User' || subject.kind === 'Group')
    )
      subject.apiGroup = RBAC_GROUP;
  }
  const causes: StatusCause[] = [];
  if (roleRef.apiGroup !== RBAC_GROUP)
    causes.push(
      notSupported('roleRef.apiGroup', roleRef.apiGroup, [RBAC_GROUP]),
    );
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind))
    causes.push(notSupported('roleRef.kind', roleRef.kind, kinds));
  if (!roleRef.name) causes.push(required('roleRef.name'));
  else
    for (const detail of pathSegmentNameProblems(String(roleRef.name)))
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'roleRef.name',
        message: `Invalid value: ${JSON.stringify(roleRef.name)}: ${detail}`,
      });
  subjects.forEach((s, i) =>
    causes.push(
      ...subjectCauses(isPlainObject(s) ? s : {}, `subjects[${i}]`, namespaced),
    ),
  );
  const oldRef: Json | undefined =
    old && isPlainObject(old.roleRef) ? (old.roleRef as Json) : undefined;
  if (
    oldRef &&
    (oldRef.apiGroup !== roleRef.apiGroup ||
      oldRef.kind !== roleRef.kind ||
      oldRef.name !== roleRef.name)
  )
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'roleRef',
      message: `Invalid value: ${goRoleRef(roleRef)}: cannot change roleRef`,
    });
  return causes;
}
