import { StatusCause, badRequest } from '../apiErrors';
import { deepEqual, isPlainObject } from '../objectUtil';
import { ResourceDefinition } from '../resourceDefinition';
import { KubeObject } from '../types';
import {
  admitConfigMap,
  admitDaemonSet,
  admitPod,
  admitStatefulSet,
} from './appsAdmission';
import { admitRbac } from '../rbac/rbacAdmission';
import { admitEvent } from './eventAdmission';

/**
 * Defaulting and validation of the built-in kinds (what their registry strategies and the
 * defaulters in k8s.io/kubernetes do), limited to the fields the simulator's users touch.
 * Mutates `obj`; returns validation causes.
 */
export function admitBuiltin(
  def: ResourceDefinition,
  obj: KubeObject,
  old?: KubeObject,
  view?: ResourceDefinition,
): StatusCause[] {
  switch (def.key) {
    case '/events':
      return admitEvent(obj, !old && view?.ref.group === 'events.k8s.io');
    case '/secrets':
      return admitSecret(obj, old);
    case '/namespaces':
      admitNamespace(obj);
      return [];
    case 'apps/deployments':
      return admitDeployment(obj, old);
    case 'apps/statefulsets':
      return admitStatefulSet(obj, old);
    case 'apps/daemonsets':
      return admitDaemonSet(obj, old);
    case '/pods':
      return admitPod(obj, old);
    case '/configmaps':
      return admitConfigMap(obj, old);
    default:
      return def.ref.group === 'rbac.authorization.k8s.io'
        ? admitRbac(def, obj, old)
        : [];
  }
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function admitSecret(obj: KubeObject, old?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
  const data: Record<string, unknown> = isPlainObject(obj.data)
    ? { ...obj.data }
    : {};
  for (const value of Object.values(data)) {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0`,
      );
    }
  }
  if (isPlainObject(obj.stringData)) {
    for (const [key, value] of Object.entries(obj.stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete obj.stringData;
  if (Object.keys(data).length > 0 || obj.data !== undefined) obj.data = data;
  for (const key of Object.keys(data)) {
    if (!CONFIG_KEY.test(key)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: `data[${key}]`,
        message: `Invalid value: ${JSON.stringify(
          key,
        )}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      });
    }
  }
  if (old) {
    if (old.type !== obj.type) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'type',
        message: `Invalid value: ${JSON.stringify(
          obj.type,
        )}: field is immutable`,
      });
    }
    if (old.immutable === true) {
      if (!deepEqual(old.data ?? {}, obj.data ?? {})) {
        causes.push({
          reason: 'FieldValueForbidden',
          field: 'data',
          message: 'Forbidden: field is immutable when `immutable` is set',
        });
      }
      if (obj.immutable !== true) {
        causes.push({
          reason: 'FieldValueForbidden',
          field: 'immutable',
          message: 'Forbidden: field is immutable when `immutable` is set',
        });
      }
    }
  }
  return causes;
}

function admitNamespace(obj: KubeObject): void {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  obj.spec = spec;
  obj.metadata.labels = {
    ...obj.metadata.labels,
    'kubernetes.io/metadata.name': obj.metadata.name,
  };
  const status = (isPlainObject(obj.status) ? obj.status : {}) as Record<
    string,
    unknown
  >;
  if (!status.phase) status.phase = 'Active';
  obj.status = status;
}

function admitDeployment(obj: KubeObject, old?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Record<string, any>;
  obj.spec = spec;
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate' };
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  const template = (spec.template ??= {});
  template.metadata ??= {};
  const podSpec = (template.spec ??= {});
  podSpec.restartPolicy ??= 'Always';
  podSpec.terminationGracePeriodSeconds ??= 30;
  podSpec.dnsPolicy ??= 'ClusterFirst';
  podSpec.securityContext ??= {};
  podSpec.schedulerName ??= 'default-scheduler';
  for (const c of Array.isArray(podSpec.containers) ? podSpec.containers : []) {
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.imagePullPolicy ??=
      String(c.image ?? '').endsWith(':latest') ||
      !String(c.image ?? '').includes(':')
        ? 'Always'
        : 'IfNotPresent';
    c.resources ??= {};
  }
  const matchLabels = spec.selector?.matchLabels as
    | Record<string, string>
    | undefined;
  if (!isPlainObject(spec.selector)) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.selector',
      message: 'Required value',
    });
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
  if (!Array.isArray(podSpec.containers) || podSpec.containers.length === 0) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.template.spec.containers',
      message: 'Required value',
    });
  }
  if (old && !deepEqual((old.spec as any)?.selector, spec.selector)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.selector',
      message: 'Invalid value: v1.LabelSelector{...}: field is immutable',
    });
  }
  if (!old) obj.status = {};
  return causes;
}
