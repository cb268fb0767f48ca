/*
 * The mutation ESO applies to the target Secret (externalsecret_controller.go mutationFunc,
 * ApplyTemplate/setMetadata in externalsecret_controller_template.go, applyOwnership):
 * drop the keys this ExternalSecret managed last time, copy the ES's own labels/annotations (no
 * template) or the template's metadata, clear data unless creationPolicy is Merge/CreateOrMerge,
 * add the fetched data and rendered templates, set ownership (controller ownerReference and the
 * created-by label for Owner), then the managed label and the data-hash annotation.
 * Real ESO finds "the keys it managed" through the Secret's managedFields for its field owner;
 * the simulator remembers them per target instead (ManagedKeys).
 */
import type { KubeObject, OwnerReference } from '../../kube/types';
import {
  ANNOTATION_DATA_HASH,
  LABEL_MANAGED,
  LABEL_MANAGED_VALUE,
  LABEL_OWNER,
} from '../constants';
import { ownerLabelValue, secretDataHash } from '../hashes';
import type { ExternalSecret } from '../types';
import { renderGoTemplate } from './goTemplate';

export interface ManagedKeys {
  data: string[];
  labels: string[];
  annotations: string[];
}

export class OwnershipError extends Error {
  constructor(message: string, readonly kind: 'isOwned' | 'setCtrlRef') {
    super(message);
  }
}

function toStrings(data: Record<string, Buffer>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, v.toString('utf8')]),
  );
}

function renderInto(
  target: Record<string, string>,
  templates: Record<string, string> | undefined,
  values: Record<string, string>,
  encode: (s: string) => string,
): void {
  for (const [key, source] of Object.entries(templates ?? {})) {
    try {
      target[key] = encode(renderGoTemplate(key, source, values));
    } catch (error) {
      const msg = (error as Error).message;
      throw new Error(
        `could not apply template: could not execute template: could not execute template: unable to execute template at key ${key}: ${msg}`,
      );
    }
  }
}

/** Returns the desired Secret and the keys this ExternalSecret now manages on it. */
export function mutateTargetSecret(
  es: ExternalSecret,
  existing: KubeObject | undefined,
  secretName: string,
  dataMap: Record<string, Buffer>,
  previouslyManaged: ManagedKeys | undefined,
): { secret: KubeObject; managed: ManagedKeys } {
  const secret: KubeObject = existing
    ? structuredClone(existing)
    : {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, namespace: es.metadata.namespace },
      };
  const meta = secret.metadata;
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  let data: Record<string, string> = {
    ...((secret.data as Record<string, string> | undefined) ?? {}),
  };
  const target = es.spec.target ?? {};
  const template = target.template;
  const policy = target.creationPolicy ?? 'Owner';
  const managed: ManagedKeys = { data: [], labels: [], annotations: [] };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

  if (target.immutable) secret.immutable = true;
  if (!existing || !target.immutable) {
    for (const k of previouslyManaged?.data ?? []) delete data[k];
    for (const k of previouslyManaged?.labels ?? []) delete labels[k];
    for (const k of previouslyManaged?.annotations ?? []) delete annotations[k];
    const copiedLabels = template
      ? template.metadata?.labels ?? {}
      : es.metadata.labels ?? {};
    const copiedAnnotations = template
      ? template.metadata?.annotations ?? {}
      : es.metadata.annotations ?? {};
    Object.assign(labels, copiedLabels);
    Object.assign(annotations, copiedAnnotations);
    managed.labels.push(...Object.keys(copiedLabels));
    managed.annotations.push(...Object.keys(copiedAnnotations));
    if (template && !meta.deletionTimestamp) {
      const finalizers = meta.finalizers ?? [];
      for (const f of template.metadata?.finalizers ?? [])
        if (!finalizers.includes(f)) finalizers.push(f);
      if (finalizers.length) meta.finalizers = finalizers;
    }
    if (policy !== 'Merge' && policy !== 'CreateOrMerge') data = {};
    const fetched = Object.fromEntries(
      Object.entries(dataMap).map(([k, v]) => [k, v.toString('base64')]),
    );
    const noDataTemplate =
      !template || Object.keys(template.data ?? {}).length === 0;
    if (!template || template.mergePolicy === 'Merge' || noDataTemplate) {
      Object.assign(data, fetched);
      managed.data.push(...Object.keys(fetched));
    }
    if (template) {
      if (template.type) secret.type = template.type;
      const values = toStrings(dataMap);
      renderInto(data, template.data, values, b64);
      managed.data.push(...Object.keys(template.data ?? {}));
      renderInto(labels, template.metadata?.labels, values, s => s);
      renderInto(annotations, template.metadata?.annotations, values, s => s);
    }
  }

  applyOwnership(es, secret, labels, policy);
  if (policy === 'Owner') managed.labels.push(LABEL_OWNER);
  labels[LABEL_MANAGED] = LABEL_MANAGED_VALUE;
  managed.labels.push(LABEL_MANAGED);
  annotations[ANNOTATION_DATA_HASH] = secretDataHash(data);
  managed.annotations.push(ANNOTATION_DATA_HASH);

  meta.labels = labels;
  meta.annotations = annotations;
  secret.data = data;
  if (!secret.type) secret.type = 'Opaque';
  return { secret, managed };
}

function applyOwnership(
  es: ExternalSecret,
  secret: KubeObject,
  labels: Record<string, string>,
  policy: string,
): void {
  const refs: OwnerReference[] = [...(secret.metadata.ownerReferences ?? [])];
  const controller = refs.find(r => r.controller);
  const ownerIsES =
    controller !== undefined &&
    controller.kind === 'ExternalSecret' &&
    controller.apiVersion.startsWith('external-secrets.io/');
  const ownerIsThis = ownerIsES && controller!.name === es.metadata.name;
  if (ownerIsES && !ownerIsThis) {
    throw new OwnershipError(
      `secret is owned by another ExternalSecret: ${controller!.name}`,
      'isOwned',
    );
  }
  if (policy === 'Owner') {
    if (controller && !ownerIsThis) {
      throw new OwnershipError(
        `could not set controller reference on secret: Object ${es.metadata.namespace}/${secret.metadata.name} is already owned by another ${controller.kind} controller ${controller.name}`,
        'setCtrlRef',
      );
    }
    const ref: OwnerReference = {
      apiVersion: es.apiVersion,
      kind: 'ExternalSecret',
      name: es.metadata.name,
      uid: es.metadata.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    };
    const at = refs.findIndex(
      r => r.uid === ref.uid || (r.kind === ref.kind && r.name === ref.name),
    );
    if (at >= 0) refs[at] = ref;
    else refs.push(ref);
    labels[LABEL_OWNER] = ownerLabelValue(
      es.metadata.namespace ?? '',
      es.metadata.name,
    );
  } else {
    if (ownerIsThis) refs.splice(refs.indexOf(controller!), 1);
    delete labels[LABEL_OWNER];
  }
  if (refs.length) secret.metadata.ownerReferences = refs;
  else delete secret.metadata.ownerReferences;
}

/** equality.Semantic.DeepEqual on what the mutation may change. */
export function sameSecretContent(a: KubeObject, b: KubeObject): boolean {
  const pick = (s: KubeObject) =>
    JSON.stringify([
      sortKeys(s.metadata.labels ?? {}),
      sortKeys(s.metadata.annotations ?? {}),
      s.metadata.ownerReferences ?? [],
      s.metadata.finalizers ?? [],
      sortKeys((s.data as Record<string, string>) ?? {}),
      s.type ?? '',
      s.immutable ?? false,
    ]);
  return pick(a) === pick(b);
}

function sortKeys(obj: Record<string, string>): Array<[string, string]> {
  return Object.entries(obj).sort(([x], [y]) => {
    if (x === y) return 0;
    return x < y ? -1 : 1;
  });
}
