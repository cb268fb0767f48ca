import { StatusCause, badRequest } from '../apiErrors';
import { deepEqual, isPlainObject } from '../objectUtil';
import { KubeObject } from '../types';

/**
 * Defaulting (pkg/apis/apps/v1/defaults.go, pkg/apis/core/v1/defaults.go) and the validation users
 * hit (pkg/apis/apps/validation, pkg/apis/core/validation) for StatefulSets, DaemonSets, Pods and
 * ConfigMaps, limited to the fields the simulator's users touch. Mutate `obj`; return causes.
 */

type Obj = Record<string, any>;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function required(field: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: 'Required value' };
}

/** SetDefaults_PodSpec and SetDefaults_Container for what a manifest usually leaves out. */
export function defaultPodSpec(podSpec: Obj): void {
  podSpec.restartPolicy ??= 'Always';
  podSpec.terminationGracePeriodSeconds ??= 30;
  podSpec.dnsPolicy ??= 'ClusterFirst';
  podSpec.securityContext ??= {};
  podSpec.schedulerName ??= 'default-scheduler';
  for (const c of Array.isArray(podSpec.containers) ? podSpec.containers : []) {
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    const image = String(c.image ?? '');
    c.imagePullPolicy ??=
      image.endsWith(':latest') || !image.includes(':')
        ? 'Always'
        : 'IfNotPresent';
    c.resources ??= {};
  }
}

function containersRequired(podSpec: Obj, field: string): StatusCause[] {
  return !Array.isArray(podSpec.containers) || podSpec.containers.length === 0
    ? [required(field)]
    : [];
}

/** Selector, template labels and selector immutability, as for every apps/v1 workload. */
function admitTemplate(spec: Obj, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const template = (spec.template ??= {});
  template.metadata ??= {};
  const podSpec = (template.spec ??= {});
  defaultPodSpec(podSpec);
  const matchLabels = spec.selector?.matchLabels as
    | Record<string, string>
    | undefined;
  if (!isPlainObject(spec.selector)) {
    causes.push(required('spec.selector'));
  } else if (matchLabels) {
    const labels = (template.metadata.labels ?? {}) as Record<string, string>;
    if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: `Invalid value: map[string]string{${Object.entries(labels)
          .map(([k, v]) => `"${k}":"${v}"`)
          .join(', ')}}: \`selector\` does not match template \`labels\``,
      });
    }
  }
  causes.push(...containersRequired(podSpec, 'spec.template.spec.containers'));
  if (old && !deepEqual((old.spec as Obj)?.selector, spec.selector)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.selector',
      message: 'Invalid value: v1.LabelSelector{...}: field is immutable',
    });
  }
  return causes;
}

export function admitStatefulSet(
  obj: KubeObject,
  old?: KubeObject,
): StatusCause[] {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Obj;
  obj.spec = spec;
  spec.podManagementPolicy ??= 'OrderedReady';
  if (!spec.updateStrategy?.type) {
    spec.updateStrategy = {
      ...spec.updateStrategy,
      type: 'RollingUpdate',
      rollingUpdate: spec.updateStrategy?.rollingUpdate ?? {},
    };
  }
  if (
    spec.updateStrategy.type === 'RollingUpdate' &&
    spec.updateStrategy.rollingUpdate
  )
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  const causes = admitTemplate(spec, old);
  if (old) {
    // ValidateStatefulSetUpdate: only these spec fields may change
    const mutable = [
      'replicas',
      'ordinals',
      'template',
      'updateStrategy',
      'persistentVolumeClaimRetentionPolicy',
      'minReadySeconds',
    ];
    const strip = (s: Obj | undefined) =>
      Object.fromEntries(
        Object.entries(s ?? {}).filter(([k]) => !mutable.includes(k)),
      );
    if (!deepEqual(strip(old.spec as Obj), strip(spec))) {
      causes.push({
        reason: 'FieldValueForbidden',
        field: 'spec',
        message:
          "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      });
    }
  }
  if (!old) obj.status = { replicas: 0, availableReplicas: 0 };
  return causes;
}

export function admitDaemonSet(
  obj: KubeObject,
  old?: KubeObject,
): StatusCause[] {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Obj;
  obj.spec = spec;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  const causes = admitTemplate(spec, old);
  if (!old)
    obj.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
  return causes;
}

/** Pod creation as the registry does it without a scheduler: Pending, QoS class computed. */
export function admitPod(obj: KubeObject, old?: KubeObject): StatusCause[] {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Obj;
  obj.spec = spec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  const causes = containersRequired(spec, 'spec.containers');
  if (
    old &&
    !deepEqual(stripMutablePodFields(old.spec), stripMutablePodFields(spec))
  ) {
    causes.push({
      reason: 'FieldValueForbidden',
      field: 'spec',
      message:
        'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    });
  }
  if (!old) obj.status = { phase: 'Pending', qosClass: qosClass(spec) };
  return causes;
}

function stripMutablePodFields(spec: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(spec ?? {})) as Obj;
  for (const list of [copy.containers, copy.initContainers])
    for (const c of Array.isArray(list) ? list : []) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  return copy;
}

/** GetPodQOS, reduced to requests/limits of cpu and memory. */
function qosClass(spec: Obj): string {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = limits[r];
      if (limit === undefined) guaranteed = false;
      else if (requests[r] !== undefined && requests[r] !== limit)
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function admitConfigMap(
  obj: KubeObject,
  old?: KubeObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const data = isPlainObject(obj.data) ? obj.data : {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string')
      throw badRequest(
        `ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal ${typeof value} into Go struct field ConfigMap.data of type string`,
      );
    if (!CONFIG_KEY.test(key))
      causes.push({
        reason: 'FieldValueInvalid',
        field: `data[${key}]`,
        message: `Invalid value: ${JSON.stringify(
          key,
        )}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      });
  }
  if (old?.immutable === true) {
    if (
      !deepEqual(old.data ?? {}, obj.data ?? {}) ||
      !deepEqual(old.binaryData ?? {}, obj.binaryData ?? {})
    )
      causes.push({
        reason: 'FieldValueForbidden',
        field: 'data',
        message: 'Forbidden: field is immutable when `immutable` is set',
      });
    if (obj.immutable !== true)
      causes.push({
        reason: 'FieldValueForbidden',
        field: 'immutable',
        message: 'Forbidden: field is immutable when `immutable` is set',
      });
  }
  return causes;
}
