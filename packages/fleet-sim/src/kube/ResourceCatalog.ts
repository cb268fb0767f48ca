import { BUILTIN_RESOURCES } from './builtinResources';
import { EsoVersions, esoResourceDefinitions } from './esoResources';
import { ResourceDefinition, resourceKey } from './resourceDefinition';
import { ResourceRef } from './types';

export interface ServedGroup {
  /** '' for the legacy core group served under /api */
  name: string;
  /** highest priority first; the first is the preferred version */
  versions: string[];
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    let stability = 3;
    if (m[2] === 'beta') stability = 2;
    else if (m[2] === 'alpha') stability = 1;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return a.localeCompare(b);
}

/**
 * The resources one simulated cluster serves, indexed every way the server looks them up. The ESO
 * part can change at runtime (`serveEso`), as installing, upgrading or removing ESO's CRDs does.
 */
export class ResourceCatalog {
  #esoVersions: EsoVersions = 'none';
  #byKey = new Map<string, ResourceDefinition>();
  #byKind = new Map<string, ResourceDefinition>();
  #groups: ServedGroup[] = [];

  constructor(esoVersions: EsoVersions) {
    this.serveEso(esoVersions);
  }

  get esoVersions(): EsoVersions {
    return this.#esoVersions;
  }

  /**
   * Serves the ESO CRDs of `esoVersions` from now on: discovery, OpenAPI and routes follow at once.
   * Stored objects are untouched (the caller migrates or deletes them, as the real upgrade would).
   */
  serveEso(esoVersions: EsoVersions): void {
    this.#esoVersions = esoVersions;
    const all = [...BUILTIN_RESOURCES, ...esoResourceDefinitions(esoVersions)];
    const byKey = new Map<string, ResourceDefinition>();
    const byKind = new Map<string, ResourceDefinition>();
    const groupVersions = new Map<string, Set<string>>();
    for (const def of all) {
      byKey.set(def.key, def);
      byKind.set(`${def.ref.group}/${def.kind}`, def);
      const versions = groupVersions.get(def.ref.group) ?? new Set<string>();
      def.versions.forEach(v => versions.add(v));
      groupVersions.set(def.ref.group, versions);
    }
    this.#byKey = byKey;
    this.#byKind = byKind;
    this.#groups = [...groupVersions].map(([name, versions]) => ({
      name,
      versions: [...versions].sort(compareKubeVersions),
    }));
  }

  all(): ResourceDefinition[] {
    return [...this.#byKey.values()];
  }

  byKey(key: string): ResourceDefinition | undefined {
    return this.#byKey.get(key);
  }

  get(ref: ResourceRef): ResourceDefinition | undefined {
    return this.#byKey.get(resourceKey(ref));
  }

  /** The definition, or an Error naming the unknown resource (a programming error in callers). */
  require(ref: ResourceRef): ResourceDefinition {
    const def = this.get(ref);
    if (!def) {
      throw new Error(
        `the server doesn't have a resource type "${ref.resource}" in group "${ref.group}"`,
      );
    }
    return def;
  }

  /** Resource served at exactly this group/version. */
  lookup(
    group: string,
    version: string,
    resource: string,
  ): ResourceDefinition | undefined {
    const def = this.#byKey.get(`${group}/${resource}`);
    return def && def.versions.includes(version) ? def : undefined;
  }

  byKind(group: string, kind: string): ResourceDefinition | undefined {
    return this.#byKind.get(`${group}/${kind}`);
  }

  /** Groups in the order the server lists them: core, built-in API groups, then CRD groups. */
  groups(): ServedGroup[] {
    return this.#groups;
  }

  group(name: string): ServedGroup | undefined {
    return this.#groups.find(g => g.name === name);
  }

  resourcesIn(group: string, version: string): ResourceDefinition[] {
    return this.all().filter(
      d => d.ref.group === group && d.versions.includes(version),
    );
  }
}
