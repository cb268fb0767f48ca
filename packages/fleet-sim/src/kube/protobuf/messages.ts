/**
 * The generated protobuf messages (k8s.io/api/<group>/<version>/generated.proto and
 * apimachinery's meta/v1 and runtime generated.proto) of the kinds fleet-sim accepts as
 * `application/vnd.kubernetes.protobuf`: the ones kubectl's typed clients send (create secret,
 * create namespace, create token, create serviceaccount/configmap, create role/clusterrole and
 * their bindings, auth can-i, auth whoami). Field numbers and JSON names as generated; every field
 * not listed here is skipped like an unknown field.
 */

export type Scalar = 'string' | 'bytes' | 'int' | 'bool';
export type FieldType =
  | Scalar
  /** meta/v1 Time {seconds = 1, nanos = 2} -> RFC 3339 */
  | 'time'
  /** meta/v1 FieldsV1 {Raw = 1}: raw JSON */
  | 'fieldsV1'
  /** ExtraValue {items = 1}: a list of strings */
  | 'extraValue'
  /** resource.Quantity {string = 1} -> its string */
  | 'quantity'
  /** intstr.IntOrString {type = 1, intVal = 2, strVal = 3} -> number or string */
  | 'intOrString'
  | { message: () => MessageSchema }
  | { map: Scalar | 'extraValue' | 'quantity' };

export interface FieldSpec {
  json: string;
  type: FieldType;
  repeated?: boolean;
  /** a Go pointer field: sent only when set, so a zero value is kept (`replicas: 0`) */
  pointer?: boolean;
  /** an embedded struct whose JSON fields sit in the parent (LocalObjectReference in key selectors) */
  inline?: boolean;
}

export type MessageSchema = Record<number, FieldSpec>;

const f = (json: string, type: FieldType, repeated = false): FieldSpec => ({
  json,
  type,
  repeated,
});
const ptr = (json: string, type: FieldType): FieldSpec => ({
  json,
  type,
  pointer: true,
});
const inline = (type: FieldType): FieldSpec => ({
  json: '',
  type,
  inline: true,
});
const msg = (schema: () => MessageSchema): FieldType => ({ message: schema });
const strings = (json: string) => f(json, 'string', true);

const OwnerReference: MessageSchema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: ptr('controller', 'bool'),
  7: ptr('blockOwnerDeletion', 'bool'),
};

const ManagedFieldsEntry: MessageSchema = {
  1: f('manager', 'string'),
  2: f('operation', 'string'),
  3: f('apiVersion', 'string'),
  4: f('time', 'time'),
  6: f('fieldsType', 'string'),
  7: f('fieldsV1', 'fieldsV1'),
  8: f('subresource', 'string'),
};

export const ObjectMeta: MessageSchema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  4: f('selfLink', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  9: f('deletionTimestamp', 'time'),
  10: f('deletionGracePeriodSeconds', 'int'),
  11: f('labels', { map: 'string' }),
  12: f('annotations', { map: 'string' }),
  13: f(
    'ownerReferences',
    msg(() => OwnerReference),
    true,
  ),
  14: strings('finalizers'),
  17: f(
    'managedFields',
    msg(() => ManagedFieldsEntry),
    true,
  ),
};

const metadata = f(
  'metadata',
  msg(() => ObjectMeta),
);

const ObjectReference: MessageSchema = {
  1: f('kind', 'string'),
  2: f('namespace', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('fieldPath', 'string'),
};

// core/v1
const Secret: MessageSchema = {
  1: metadata,
  2: f('data', { map: 'bytes' }),
  3: f('type', 'string'),
  4: f('stringData', { map: 'string' }),
  5: ptr('immutable', 'bool'),
};
const ConfigMap: MessageSchema = {
  1: metadata,
  2: f('data', { map: 'string' }),
  3: f('binaryData', { map: 'bytes' }),
  4: ptr('immutable', 'bool'),
};
const Namespace: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({ 1: strings('finalizers') })),
  ),
  3: f(
    'status',
    msg(() => ({ 1: f('phase', 'string') })),
  ),
};
const ServiceAccount: MessageSchema = {
  1: metadata,
  2: f(
    'secrets',
    msg(() => ObjectReference),
    true,
  ),
  3: f(
    'imagePullSecrets',
    msg(() => ({ 1: f('name', 'string') })),
    true,
  ),
  4: ptr('automountServiceAccountToken', 'bool'),
};

// rbac/v1
const PolicyRule: MessageSchema = {
  1: strings('verbs'),
  2: strings('apiGroups'),
  3: strings('resources'),
  4: strings('resourceNames'),
  5: strings('nonResourceURLs'),
};
const LabelSelector: MessageSchema = {
  1: f('matchLabels', { map: 'string' }),
  2: f(
    'matchExpressions',
    msg(() => ({
      1: f('key', 'string'),
      2: f('operator', 'string'),
      3: strings('values'),
    })),
    true,
  ),
};
const Role: MessageSchema = {
  1: metadata,
  2: f(
    'rules',
    msg(() => PolicyRule),
    true,
  ),
};
const ClusterRole: MessageSchema = {
  ...Role,
  3: f(
    'aggregationRule',
    msg(() => ({
      1: f(
        'clusterRoleSelectors',
        msg(() => LabelSelector),
        true,
      ),
    })),
  ),
};
const Subject: MessageSchema = {
  1: f('kind', 'string'),
  2: f('apiGroup', 'string'),
  3: f('name', 'string'),
  4: f('namespace', 'string'),
};
const RoleBinding: MessageSchema = {
  1: metadata,
  2: f(
    'subjects',
    msg(() => Subject),
    true,
  ),
  3: f(
    'roleRef',
    msg(() => ({
      1: f('apiGroup', 'string'),
      2: f('kind', 'string'),
      3: f('name', 'string'),
    })),
  ),
};

// authentication/v1
const TokenRequest: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({
      1: strings('audiences'),
      3: f(
        'boundObjectRef',
        msg(() => ({
          1: f('kind', 'string'),
          2: f('apiVersion', 'string'),
          3: f('name', 'string'),
          4: f('uid', 'string'),
        })),
      ),
      4: ptr('expirationSeconds', 'int'),
    })),
  ),
};
const TokenReview: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({ 1: f('token', 'string'), 2: strings('audiences') })),
  ),
};
const SelfSubjectReview: MessageSchema = { 1: metadata };

// authorization/v1
const ResourceAttributes: MessageSchema = {
  1: f('namespace', 'string'),
  2: f('verb', 'string'),
  3: f('group', 'string'),
  4: f('version', 'string'),
  5: f('resource', 'string'),
  6: f('subresource', 'string'),
  7: f('name', 'string'),
};
const NonResourceAttributes: MessageSchema = {
  1: f('path', 'string'),
  2: f('verb', 'string'),
};
const SubjectAccessReviewSpec: MessageSchema = {
  1: f(
    'resourceAttributes',
    msg(() => ResourceAttributes),
  ),
  2: f(
    'nonResourceAttributes',
    msg(() => NonResourceAttributes),
  ),
  3: f('user', 'string'),
  4: strings('groups'),
  5: f('extra', { map: 'extraValue' }),
  6: f('uid', 'string'),
};
const SubjectAccessReview: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => SubjectAccessReviewSpec),
  ),
};
const SelfSubjectAccessReview: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({
      1: f(
        'resourceAttributes',
        msg(() => ResourceAttributes),
      ),
      2: f(
        'nonResourceAttributes',
        msg(() => NonResourceAttributes),
      ),
    })),
  ),
};
const SelfSubjectRulesReview: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({ 1: f('namespace', 'string') })),
  ),
};

// core/v1 pod template, as far as workloads' manifests and `kubectl create deployment` use it
const LocalObjectReference: MessageSchema = { 1: f('name', 'string') };
const KeySelector: MessageSchema = {
  1: inline(msg(() => LocalObjectReference)),
  2: f('key', 'string'),
  3: ptr('optional', 'bool'),
};
const EnvVar: MessageSchema = {
  1: f('name', 'string'),
  2: f('value', 'string'),
  3: f(
    'valueFrom',
    msg(() => ({
      1: f(
        'fieldRef',
        msg(() => ({
          1: f('apiVersion', 'string'),
          2: f('fieldPath', 'string'),
        })),
      ),
      3: f(
        'configMapKeyRef',
        msg(() => KeySelector),
      ),
      4: f(
        'secretKeyRef',
        msg(() => KeySelector),
      ),
    })),
  ),
};
const SourceRef: MessageSchema = {
  1: inline(msg(() => LocalObjectReference)),
  2: ptr('optional', 'bool'),
};
const Container: MessageSchema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: strings('command'),
  4: strings('args'),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    msg(() => ({
      1: f('name', 'string'),
      2: f('hostPort', 'int'),
      3: f('containerPort', 'int'),
      4: f('protocol', 'string'),
      5: f('hostIP', 'string'),
    })),
    true,
  ),
  7: f(
    'env',
    msg(() => EnvVar),
    true,
  ),
  8: f(
    'resources',
    msg(() => ({
      1: f('limits', { map: 'quantity' }),
      2: f('requests', { map: 'quantity' }),
    })),
  ),
  9: f(
    'volumeMounts',
    msg(() => ({
      1: f('name', 'string'),
      2: f('readOnly', 'bool'),
      3: f('mountPath', 'string'),
      4: f('subPath', 'string'),
    })),
    true,
  ),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  19: f(
    'envFrom',
    msg(() => ({
      1: f('prefix', 'string'),
      2: f(
        'configMapRef',
        msg(() => SourceRef),
      ),
      3: f(
        'secretRef',
        msg(() => SourceRef),
      ),
    })),
    true,
  ),
  20: f('terminationMessagePolicy', 'string'),
};
const KeyToPath: MessageSchema = {
  1: f('key', 'string'),
  2: f('path', 'string'),
  3: ptr('mode', 'int'),
};
const Volume: MessageSchema = {
  1: f('name', 'string'),
  2: inline(
    msg(() => ({
      2: f(
        'emptyDir',
        msg(() => ({ 1: f('medium', 'string') })),
      ),
      6: f(
        'secret',
        msg(() => ({
          1: f('secretName', 'string'),
          2: f(
            'items',
            msg(() => KeyToPath),
            true,
          ),
          3: ptr('defaultMode', 'int'),
          4: ptr('optional', 'bool'),
        })),
      ),
      19: f(
        'configMap',
        msg(() => ({
          1: inline(msg(() => LocalObjectReference)),
          2: f(
            'items',
            msg(() => KeyToPath),
            true,
          ),
          3: ptr('defaultMode', 'int'),
          4: ptr('optional', 'bool'),
        })),
      ),
    })),
  ),
};
const PodSpec: MessageSchema = {
  1: f(
    'volumes',
    msg(() => Volume),
    true,
  ),
  2: f(
    'containers',
    msg(() => Container),
    true,
  ),
  3: f('restartPolicy', 'string'),
  4: ptr('terminationGracePeriodSeconds', 'int'),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', { map: 'string' }),
  8: f('serviceAccountName', 'string'),
  15: f(
    'imagePullSecrets',
    msg(() => LocalObjectReference),
    true,
  ),
  20: f(
    'initContainers',
    msg(() => Container),
    true,
  ),
};
const PodTemplateSpec: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => PodSpec),
  ),
};

// apps/v1
const Deployment: MessageSchema = {
  1: metadata,
  2: f(
    'spec',
    msg(() => ({
      1: ptr('replicas', 'int'),
      2: f(
        'selector',
        msg(() => LabelSelector),
      ),
      3: f(
        'template',
        msg(() => PodTemplateSpec),
      ),
      4: f(
        'strategy',
        msg(() => ({
          1: f('type', 'string'),
          2: f(
            'rollingUpdate',
            msg(() => ({
              1: ptr('maxUnavailable', 'intOrString'),
              2: ptr('maxSurge', 'intOrString'),
            })),
          ),
        })),
      ),
      5: f('minReadySeconds', 'int'),
      6: ptr('revisionHistoryLimit', 'int'),
      7: f('paused', 'bool'),
      9: ptr('progressDeadlineSeconds', 'int'),
    })),
  ),
};

/** apiVersion -> kind -> message */
export const PROTOBUF_KINDS: Record<string, Record<string, MessageSchema>> = {
  v1: { Secret, ConfigMap, Namespace, ServiceAccount },
  'apps/v1': { Deployment },
  'rbac.authorization.k8s.io/v1': {
    Role,
    ClusterRole,
    RoleBinding,
    ClusterRoleBinding: RoleBinding,
  },
  'authentication.k8s.io/v1': { TokenRequest, TokenReview, SelfSubjectReview },
  'authorization.k8s.io/v1': {
    SubjectAccessReview,
    LocalSubjectAccessReview: SubjectAccessReview,
    SelfSubjectAccessReview,
    SelfSubjectRulesReview,
  },
};

/** Kinds (by name) fleet-sim can decode from protobuf, whatever the version. */
export const PROTOBUF_KIND_NAMES = new Set(
  Object.values(PROTOBUF_KINDS).flatMap(kinds => Object.keys(kinds)),
);
