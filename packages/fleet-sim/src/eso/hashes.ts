/*
 * The hashes ESO stamps on objects. Each reproduces a Go expression exactly (see goFormat.ts):
 * - syncedResourceVersion: ctrlutil.GetResourceVersion (pkg/controllers/util/util.go) =
 *   "<generation>-" + ObjectHash(struct{annotations, labels map[string]string})
 * - data-hash annotation: ObjectHash(secret.Data), Data being map[string][]byte
 *   (externalsecret_controller.go:507); verified against ESO's TestObjectHash vectors
 * - created-by label: ObjectHash(fmt.Sprintf("%v/%v", namespace, name)) (l.837)
 */
import type { ObjectMeta } from '../kube/types';
import { objectHash } from './go/goFormat';

export function metaHash(
  meta: Pick<ObjectMeta, 'annotations' | 'labels'>,
): string {
  return objectHash({
    kind: 'struct',
    fields: [
      ['annotations', { kind: 'stringMap', value: meta.annotations }],
      ['labels', { kind: 'stringMap', value: meta.labels }],
    ],
  });
}

export function resourceVersionOf(
  meta: Pick<ObjectMeta, 'generation' | 'annotations' | 'labels'>,
): string {
  return `${meta.generation ?? 0}-${metaHash(meta)}`;
}

/** Hash of a Secret's `.data` as it is on the wire (base64 values). */
export function secretDataHash(
  data: Record<string, string> | undefined,
): string {
  const bytes: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(data ?? {}))
    bytes[key] = Buffer.from(value, 'base64');
  return objectHash({ kind: 'bytesMap', value: bytes });
}

export function ownerLabelValue(namespace: string, name: string): string {
  return objectHash({ kind: 'string', value: `${namespace}/${name}` });
}
