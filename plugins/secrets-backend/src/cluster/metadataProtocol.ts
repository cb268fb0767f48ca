import { KubeApiError } from './KubeHttp';

/**
 * Kubernetes' metadata protocol, as client-go's metadata client asks for it: the API server reduces
 * every object to kind, apiVersion and metadata before it is encoded, so a Secret's `data` never
 * crosses the wire. Only the `as=` range is sent, with no plain JSON after it (client-go's
 * fallback): a server that cannot answer metadata-only answers 406 instead of full objects.
 */
export const METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
export const METADATA_WATCH_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

const API_VERSION = 'meta.k8s.io/v1';

/** `KubeApiError.reason` when a server answered something else than metadata. */
export const METADATA_PROTOCOL_REQUIRED = 'MetadataProtocolRequired';

/**
 * What a conforming server answers, checked anyway: anything else (a proxy or server that ignored
 * the `as=` parameter) is refused before it is projected, and the watcher fails like any error.
 */
export function requireMetadataList(path: string, list: any): void {
  if (
    list?.kind !== 'PartialObjectMetadataList' ||
    list.apiVersion !== API_VERSION
  )
    throw new KubeApiError(
      `LIST ${path}: expected PartialObjectMetadataList (${API_VERSION}), got ${describe(
        list,
      )}; the metadata protocol is required so that no Secret data reaches the backend`,
      406,
      METADATA_PROTOCOL_REQUIRED,
    );
  for (const item of list.items ?? [])
    requireMetadataObject(path, item, 'LIST');
}

export function requireMetadataObject(
  path: string,
  object: any,
  verb = 'WATCH',
): void {
  if (
    object?.kind !== 'PartialObjectMetadata' ||
    object.apiVersion !== API_VERSION
  )
    throw new KubeApiError(
      `${verb} ${path}: expected PartialObjectMetadata (${API_VERSION}), got ${describe(
        object,
      )}; the metadata protocol is required so that no Secret data reaches the backend`,
      406,
      METADATA_PROTOCOL_REQUIRED,
    );
}

function describe(object: any): string {
  const kind = typeof object?.kind === 'string' ? object.kind : 'no kind';
  const apiVersion =
    typeof object?.apiVersion === 'string' ? ` ${object.apiVersion}` : '';
  return `${kind}${apiVersion}`.slice(0, 120);
}
