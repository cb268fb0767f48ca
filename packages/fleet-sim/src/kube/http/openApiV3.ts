import { createHash } from 'node:crypto';
import { loadEsoCrds } from '../esoCrds';
import { ResourceCatalog } from '../ResourceCatalog';
import { apiVersionOf, ResourceDefinition } from '../resourceDefinition';
import { KUBERNETES_VERSION } from './discovery';

/**
 * A minimal OpenAPI v3 endpoint: the per-group-version documents list every operation with its
 * query parameters and x-kubernetes-group-version-kind, which is what kubectl >= 1.27 reads to
 * decide that the server validates fields itself (`fieldValidation`), and the CRD schemas as
 * components for `kubectl explain`. Built-in kinds carry no component schemas.
 */

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];
const READ_PARAMS = [
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
  'resourceVersion',
  'resourceVersionMatch',
  'timeoutSeconds',
  'watch',
  'allowWatchBookmarks',
  'sendInitialEvents',
];

function queryParams(names: string[]) {
  return names.map(name => ({
    name,
    in: 'query',
    schema: {
      type:
        name === 'limit' || name === 'timeoutSeconds' ? 'integer' : 'string',
      uniqueItems: true,
    },
  }));
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(def: ResourceDefinition, version: string): string {
  const reversed = def.ref.group
    ? def.ref.group.split('.').reverse().join('.')
    : 'io.k8s.api.core';
  return `${reversed}.${version}.${def.kind}`;
}

function operations(def: ResourceDefinition, group: string, version: string) {
  const gvk = { group, version, kind: def.kind };
  const ref = { $ref: `#/components/schemas/${schemaName(def, version)}` };
  const op = (action: string, params: string[]) => ({
    operationId: `${action}${def.kind}`,
    parameters: queryParams(params),
    responses: { '200': { content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const base = `/${gvPath(group, version)}${
    def.namespaced ? '/namespaces/{namespace}' : ''
  }/${def.ref.resource}`;
  const paths: Record<string, unknown> = {};
  const has = (verb: string) => def.verbs.includes(verb);
  const collection: Record<string, unknown> = {};
  if (has('list')) collection.get = op('list', READ_PARAMS);
  if (has('create')) collection.post = op('post', WRITE_PARAMS);
  if (has('deletecollection'))
    collection.delete = op('deletecollection', [...READ_PARAMS, 'dryRun']);
  paths[base] = collection;
  if (has('get')) {
    paths[`${base}/{name}`] = {
      get: op('get', []),
      ...(has('update') ? { put: op('put', WRITE_PARAMS) } : {}),
      ...(has('patch')
        ? { patch: op('patch', [...WRITE_PARAMS, 'force']) }
        : {}),
      ...(has('delete')
        ? {
            delete: op('delete', [
              'dryRun',
              'gracePeriodSeconds',
              'propagationPolicy',
            ]),
          }
        : {}),
    };
  }
  for (const sub of def.subresources.filter(s => s.name === 'status')) {
    paths[`${base}/{name}/${sub.name}`] = {
      get: op('get', []),
      put: op('put', WRITE_PARAMS),
      patch: op('patch', [...WRITE_PARAMS, 'force']),
    };
  }
  return paths;
}

function crdSchema(
  def: ResourceDefinition,
  version: string,
): Record<string, unknown> | undefined {
  if (!def.custom) return undefined;
  const crd = loadEsoCrds().find(c => c.kind === def.kind);
  const served = crd?.versions.find(v => v.name === version);
  if (!served) return undefined;
  return {
    ...served.schema,
    'x-kubernetes-group-version-kind': [
      { group: def.ref.group, version, kind: def.kind },
    ],
  };
}

export function openApiDocument(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const defs = catalog
    .resourcesIn(group, version)
    .filter(d => d.key !== 'authentication.k8s.io/tokenreviews');
  if (!catalog.group(group)?.versions.includes(version)) return undefined;
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const def of defs) {
    Object.assign(paths, operations(def, group, version));
    schemas[schemaName(def, version)] = crdSchema(def, version) ?? {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group, version, kind: def.kind }],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

/** The /openapi/v3 index: one entry per served group version, with a content hash. */
export function openApiIndex(
  catalog: ResourceCatalog,
): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const group of catalog.groups()) {
    for (const version of group.versions) {
      const path = gvPath(group.name, version);
      const hash = createHash('sha512')
        .update(
          `${apiVersionOf(group.name, version)}:${catalog
            .resourcesIn(group.name, version)
            .map(d => d.key)
            .join(',')}`,
        )
        .digest('hex')
        .slice(0, 128)
        .toUpperCase();
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
  }
  return { paths };
}
