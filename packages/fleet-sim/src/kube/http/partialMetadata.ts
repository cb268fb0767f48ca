import { KubeApiError } from '../types';
import { ResourceDefinition } from '../resourceDefinition';
import { StoredObject } from '../store/StoredObject';

/**
 * The metadata protocol (`Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1`,
 * client-go's metadata client and metadata informers): every object reduced to its kind, apiVersion
 * and metadata, so a Secret's `data` never crosses the wire. As the server's transformObject does
 * it, the negotiation accepts either kind on every read endpoint and the 406 comes after the read,
 * when the kind does not fit what was read (a list asked for as one object, or the reverse).
 */
export interface PartialMetadataFormat {
  kind: 'partial';
  version: 'v1' | 'v1beta1';
  /** PartialObjectMetadataList was asked for */
  list: boolean;
  encoding: 'json' | 'yaml';
}

// Objects never change after commit, so each rendering is kept for the next request or watch.
const rendered = new WeakMap<StoredObject, Map<string, string>>();

/** `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/<v>","metadata":{...}}` */
export function partialObjectJson(
  entry: StoredObject,
  version: PartialMetadataFormat['version'],
): string {
  let byVersion = rendered.get(entry);
  if (!byVersion) rendered.set(entry, (byVersion = new Map()));
  let json = byVersion.get(version);
  if (json === undefined) {
    json = partialJson(entry.object.metadata, version);
    byVersion.set(version, json);
  }
  return json;
}

export function partialJson(
  metadata: unknown,
  version: PartialMetadataFormat['version'],
): string {
  return `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/${version}","metadata":${JSON.stringify(
    metadata,
  )}}`;
}

export function partialListHead(
  version: PartialMetadataFormat['version'],
  meta: Record<string, unknown>,
): string {
  return `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/${version}","metadata":${JSON.stringify(
    meta,
  )},"items":[`;
}

/** The Go type the server would name in its 406: the internal type, or unstructured for a CRD. */
function goType(def: ResourceDefinition, list: boolean): string {
  if (def.custom)
    return list
      ? '*unstructured.UnstructuredList'
      : '*unstructured.Unstructured';
  const group = def.storage?.group ?? def.ref.group;
  const pkg = group === '' ? 'core' : group.split('.')[0];
  return `*${pkg}.${list ? def.listKind : def.kind}`;
}

function notAcceptable(message: string): KubeApiError {
  return new KubeApiError(406, 'NotAcceptable', message);
}

/** GET and watch events are single objects: PartialObjectMetadataList does not fit them. */
export function requireSingle(
  format: PartialMetadataFormat,
  def: ResourceDefinition,
): void {
  if (format.list)
    throw notAcceptable(
      `you requested PartialObjectMetadataList, but the requested object is not a list (${goType(
        def,
        false,
      )})`,
    );
}

/** LIST answers a list: PartialObjectMetadata does not fit it. */
export function requireList(
  format: PartialMetadataFormat,
  def: ResourceDefinition,
): void {
  if (!format.list)
    throw notAcceptable(
      `you requested PartialObjectMetadata, but the requested object is a list (${goType(
        def,
        true,
      )})`,
    );
}
