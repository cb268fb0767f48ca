import { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed } from '../apiErrors';
import { ResourceCatalog } from '../ResourceCatalog';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  KUBERNETES_VERSION,
} from './discovery';
import { parseAccept, sendText } from './mediaTypes';
import { openApiDocument, openApiIndex } from './openApiV3';

/** /version, health, and discovery (legacy and aggregated), open to every authenticated user. */
export function handleNonResource(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  catalog: ResourceCatalog,
  hostPort: string,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  const body = nonResourceBody(req, path, catalog, hostPort);
  if (body === undefined)
    sendText(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
  else if (typeof body === 'string')
    sendText(res, 200, 'text/plain; charset=utf-8', body);
  else
    sendText(
      res,
      200,
      body.contentType ?? 'application/json',
      JSON.stringify(body.json),
      body.contentType ? { Vary: 'Accept' } : {},
    );
}

function nonResourceBody(
  req: IncomingMessage,
  path: string,
  catalog: ResourceCatalog,
  hostPort: string,
): string | { json: unknown; contentType?: string } | undefined {
  const parts = path.split('/').filter(Boolean);
  if (path === '/version') return { json: KUBERNETES_VERSION };
  if (path === '/healthz' || path === '/livez' || path === '/readyz')
    return 'ok';
  if (path === '/openapi/v3') return { json: openApiIndex(catalog) };
  if (
    parts[0] === 'openapi' &&
    parts[1] === 'v3' &&
    (parts[2] === 'api' || parts[2] === 'apis')
  ) {
    const [group, version] =
      parts[2] === 'api' ? ['', parts[3]] : [parts[3], parts[4]];
    const doc =
      parts.length === (parts[2] === 'api' ? 4 : 5)
        ? openApiDocument(catalog, group, version)
        : undefined;
    if (doc) return { json: doc };
  }
  if (parts[0] === 'api' || parts[0] === 'apis') {
    const legacy = parts[0] === 'api';
    if (parts.length === 1) {
      const aggregated = aggregatedVersion(req.headers.accept);
      if (aggregated) {
        return {
          json: aggregatedDiscovery(catalog, legacy, aggregated),
          contentType: `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`,
        };
      }
      return { json: legacy ? apiVersions(hostPort) : apiGroupList(catalog) };
    }
    if (legacy && parts.length === 2 && parts[1] === 'v1')
      return { json: apiResourceList(catalog, '', 'v1') };
    if (!legacy) {
      const group = catalog.group(parts[1]);
      if (group && parts.length === 2)
        return {
          json: { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) },
        };
      if (group && parts.length === 3 && group.versions.includes(parts[2])) {
        return { json: apiResourceList(catalog, group.name, parts[2]) };
      }
    }
  }
  return undefined;
}

/** Aggregated discovery is served only when the client lists it in Accept. */
function aggregatedVersion(
  accept: string | undefined,
): 'v2' | 'v2beta1' | undefined {
  for (const range of parseAccept(accept)) {
    if (
      range.params.as === 'APIGroupDiscoveryList' &&
      range.params.g === 'apidiscovery.k8s.io'
    ) {
      if (range.params.v === 'v2' || range.params.v === 'v2beta1')
        return range.params.v;
      continue;
    }
    if (!range.params.as) return undefined;
  }
  return undefined;
}
