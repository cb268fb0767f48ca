import type {
  AclPolicy,
  Capability,
  ParameterConstraints,
} from './policyParser';

interface PathParameters {
  allowed?: ParameterConstraints;
  denied?: ParameterConstraints;
}

/** mergeACLs: the same path's constraints from several policies are unioned per parameter. */
function mergeConstraints(
  existing: ParameterConstraints | undefined,
  added: ParameterConstraints | undefined,
): ParameterConstraints | undefined {
  if (!added?.size) return existing;
  if (!existing?.size) return new Map(added);
  const merged = new Map(existing);
  for (const [name, values] of added) {
    const before = merged.get(name);
    if (before === undefined) merged.set(name, values);
    // an empty list (any value) absorbs a list of values
    else if (before.length === 0 || values.length === 0) merged.set(name, []);
    else merged.set(name, [...before, ...values]);
  }
  return merged;
}

/** valueInParameterList: an empty list admits every value; `*` in the list as well. */
function valueListed(value: unknown, list: unknown[]): boolean {
  if (list.length === 0) return true;
  return list.some(
    item => item === '*' || JSON.stringify(item) === JSON.stringify(value),
  );
}

/**
 * The merged view of a token's policies (vault/acl.go). Rules for the same pattern are unioned
 * across policies, with `deny` winning; a request path uses the exact rule if there is one and
 * otherwise the highest-priority wildcard rule, by Vault's documented priority order:
 * 1. the first `+` or `*` occurring earlier makes a pattern lower priority;
 * 2. ending in `*` is lower than not;
 * 3. more `+` segments is lower;
 * 4. shorter is lower;
 * 5. lexicographically smaller is lower.
 * Rules never merge across different patterns: the single best match decides.
 */
export class Acl {
  readonly #root: boolean;
  readonly #exact = new Map<string, Set<Capability>>();
  readonly #wildcards = new Map<string, Set<Capability>>();
  /** By pattern (exact and wildcard patterns never collide: a wildcard has `*` or `+`). */
  readonly #parameters = new Map<string, PathParameters>();

  constructor(policies: AclPolicy[]) {
    this.#root = policies.some(p => p.name === 'root');
    for (const policy of policies) {
      for (const rule of policy.rules) {
        const wildcard =
          rule.pattern.endsWith('*') || rule.pattern.split('/').includes('+');
        const table = wildcard ? this.#wildcards : this.#exact;
        const merged = table.get(rule.pattern) ?? new Set<Capability>();
        for (const cap of rule.capabilities) merged.add(cap);
        table.set(
          rule.pattern,
          merged.has('deny') ? new Set(['deny']) : merged,
        );
        const params = this.#parameters.get(rule.pattern) ?? {};
        this.#parameters.set(rule.pattern, {
          allowed: mergeConstraints(params.allowed, rule.allowedParameters),
          denied: mergeConstraints(params.denied, rule.deniedParameters),
        });
      }
    }
  }

  get isRoot(): boolean {
    return this.#root;
  }

  /** Capabilities granted on `path`; `listing` also tries the path without its trailing slash. */
  capabilitiesFor(path: string, listing = false): Set<Capability> {
    const pattern = this.#bestPattern(path, listing);
    if (pattern === undefined) return new Set();
    return this.#exact.get(pattern) ?? this.#wildcards.get(pattern)!;
  }

  /** The one rule that decides for `path`: the exact one, else the best wildcard. */
  #bestPattern(path: string, listing: boolean): string | undefined {
    if (this.#exact.has(path)) return path;
    const bare = path.replace(/\/$/, '');
    if (listing && this.#exact.has(bare)) return bare;
    let best: string | undefined;
    for (const pattern of this.#wildcards.keys()) {
      if (
        matchesWildcard(pattern, path) &&
        (best === undefined || lowerPriority(best, pattern))
      ) {
        best = pattern;
      }
    }
    return best;
  }

  /** `data`: the request's parameters (body or query), checked against the rule's constraints. */
  allows(
    path: string,
    capability: Capability,
    needsSudo = false,
    data: Record<string, unknown> = {},
  ): boolean {
    if (this.#root) return true;
    const listing = capability === 'list';
    const caps = this.capabilitiesFor(path, listing);
    if (caps.has('deny') || !caps.has(capability)) return false;
    if (needsSudo && !caps.has('sudo')) return false;
    const pattern = this.#bestPattern(path, listing);
    const params = pattern ? this.#parameters.get(pattern) : undefined;
    return parametersAllowed(capability, params, data);
  }

  /** Whether some rule grants anything at or below `prefix` (sys/internal/ui/mounts access check). */
  hasAnyRuleUnder(prefix: string): boolean {
    if (this.#root) return true;
    const wanted = prefix.replace(/\/$/, '').split('/');
    for (const [pattern, caps] of [...this.#exact, ...this.#wildcards]) {
      if (caps.size === 0 || caps.has('deny')) continue;
      const glob = pattern.endsWith('*');
      const parts = (glob ? pattern.slice(0, -1) : pattern).split('/');
      const matches = wanted.every((segment, i) => {
        if (i >= parts.length) return false;
        const last = i === parts.length - 1;
        return (
          parts[i] === '+' ||
          parts[i] === segment ||
          (glob && last && segment.startsWith(parts[i]))
        );
      });
      if (
        matches ||
        (glob &&
          parts.length <= wanted.length &&
          matchesWildcard(pattern, prefix))
      )
        return true;
    }
    return false;
  }

  /** sys/capabilities-self view: sorted names, `["root"]` for root, `["deny"]` when nothing matches. */
  capabilityNames(path: string): string[] {
    if (this.#root) return ['root'];
    const caps = this.capabilitiesFor(path);
    if (caps.size === 0 || caps.has('deny')) return ['deny'];
    return [...caps].sort();
  }
}

/**
 * AllowOperation's parameter checks: only for read, create, update and patch, and only when the
 * request has parameters; `*` in denied_parameters denies any, in allowed_parameters admits any.
 */
function parametersAllowed(
  capability: Capability,
  params: PathParameters | undefined,
  data: Record<string, unknown>,
): boolean {
  if (!['read', 'create', 'update', 'patch'].includes(capability)) return true;
  const entries = Object.entries(data);
  if (entries.length === 0 || !params) return true;
  const { allowed, denied } = params;
  if (denied?.size) {
    if (denied.has('*')) return false;
    for (const [name, value] of entries) {
      const list = denied.get(name.toLowerCase());
      if (list && valueListed(value, list)) return false;
    }
  }
  if (!allowed?.size) return true;
  const allowedAll = allowed.has('*');
  if (allowed.size === 1 && allowedAll) return true;
  return entries.every(([name, value]) => {
    const list = allowed.get(name.toLowerCase());
    if (!list) return allowedAll;
    return valueListed(value, list);
  });
}

/** Glob (`prefix*`) and segment-wildcard (`a/+/b`, optionally ending in `*`) matching. */
export function matchesWildcard(pattern: string, path: string): boolean {
  const isPrefix = pattern.endsWith('*');
  const body = isPrefix ? pattern.slice(0, -1) : pattern;
  if (!body.split('/').includes('+')) return isPrefix && path.startsWith(body);
  const patternParts = body.split('/');
  const pathParts = path.split('/');
  if (pathParts.length < patternParts.length) return false;
  if (!isPrefix && pathParts.length !== patternParts.length) return false;
  return patternParts.every((part, i) => {
    if (part === '+' || part === pathParts[i]) return true;
    return (
      isPrefix && i === patternParts.length - 1 && pathParts[i].startsWith(part)
    );
  });
}

function firstWildcard(pattern: string): number {
  const indexes = [pattern.indexOf('+'), pattern.indexOf('*')].filter(
    i => i >= 0,
  );
  return indexes.length ? Math.min(...indexes) : pattern.length;
}

/** True when `a` has lower priority than `b`. */
export function lowerPriority(a: string, b: string): boolean {
  const wa = firstWildcard(a);
  const wb = firstWildcard(b);
  if (wa !== wb) return wa < wb;
  const ga = a.endsWith('*');
  const gb = b.endsWith('*');
  if (ga !== gb) return ga;
  const pa = a.split('/').filter(s => s === '+').length;
  const pb = b.split('/').filter(s => s === '+').length;
  if (pa !== pb) return pa > pb;
  if (a.length !== b.length) return a.length < b.length;
  return a < b;
}
