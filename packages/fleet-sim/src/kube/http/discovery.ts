import { createHash } from 'node:crypto';
import { ResourceCatalog, ServedGroup } from '../ResourceCatalog';
import { apiVersionOf, ResourceDefinition } from '../resourceDefinition';

/**
 * Discovery documents: legacy (/api, /apis, /apis/<g>, /apis/<g>/<v>) and the aggregated
 * apidiscovery.k8s.io v2/v2beta1 form kubectl >= 1.30 asks for first.
 */

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** storageVersionHash: first 8 bytes of sha256("<group>/<version>/<kind>"), base64. */
function storageVersionHash(def: ResourceDefinition): string {
  const gv = apiVersionOf(def.ref.group, def.storageVersion);
  return createHash('sha256')
    .update(`${gv}/${def.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function groupVersions(group: ServedGroup) {
  return group.versions.map(v => ({
    groupVersion: apiVersionOf(group.name, v),
    version: v,
  }));
}

export function apiVersions(hostPort: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: hostPort },
    ],
  };
}

export function apiGroup(group: ServedGroup) {
  const versions = groupVersions(group);
  return { name: group.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(catalog: ResourceCatalog) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog
      .groups()
      .filter(g => g.name !== '')
      .map(apiGroup),
  };
}

export function apiResourceList(
  catalog: ResourceCatalog,
  group: string,
  version: string,
) {
  const resources: unknown[] = [];
  for (const def of catalog.resourcesIn(group, version)) {
    const resource: Record<string, unknown> = {
      name: def.ref.resource,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: def.verbs,
    };
    if (def.shortNames.length) resource.shortNames = def.shortNames;
    if (def.categories.length) resource.categories = def.categories;
    resource.storageVersionHash = storageVersionHash(def);
    resources.push(resource);
    for (const sub of def.subresources) {
      const entry: Record<string, unknown> = {
        name: `${def.ref.resource}/${sub.name}`,
        singularName: '',
        namespaced: def.namespaced,
      };
      if (sub.group !== undefined) entry.group = sub.group;
      if (sub.version !== undefined) entry.version = sub.version;
      entry.kind = sub.kind ?? def.kind;
      entry.verbs = sub.verbs;
      resources.push(entry);
    }
  }
  const list: Record<string, unknown> = { kind: 'APIResourceList' };
  if (group) list.apiVersion = 'v1';
  list.groupVersion = apiVersionOf(group, version);
  list.resources = resources;
  return list;
}

function aggregatedResource(def: ResourceDefinition, version: string) {
  const resource: Record<string, unknown> = {
    resource: def.ref.resource,
    responseKind: { group: def.ref.group, version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: def.verbs,
  };
  if (def.shortNames.length) resource.shortNames = def.shortNames;
  if (def.categories.length) resource.categories = def.categories;
  if (def.subresources.length) {
    resource.subresources = def.subresources.map(sub => ({
      subresource: sub.name,
      responseKind: {
        group: sub.group ?? def.ref.group,
        version: sub.version ?? version,
        kind: sub.kind ?? def.kind,
      },
      verbs: sub.verbs,
    }));
  }
  return resource;
}

/** APIGroupDiscoveryList for /api (legacy=true) or /apis. */
export function aggregatedDiscovery(
  catalog: ResourceCatalog,
  legacy: boolean,
  apiVersion: 'v2' | 'v2beta1',
) {
  const groups = catalog.groups().filter(g => (g.name === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map(group => ({
      metadata: group.name
        ? { name: group.name, creationTimestamp: null }
        : { creationTimestamp: null },
      versions: group.versions.map(version => ({
        version,
        resources: catalog
          .resourcesIn(group.name, version)
          .map(def => aggregatedResource(def, version)),
        freshness: 'Current',
      })),
    })),
  };
}
