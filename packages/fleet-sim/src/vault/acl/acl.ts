import type { AclPolicy, Capability } from './policyParser';

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
      }
    }
  }

  get isRoot(): boolean {
    return this.#root;
  }

  /** Capabilities granted on `path`; `listing` also tries the path without its trailing slash. */
  capabilitiesFor(path: string, listing = false): Set<Capability> {
    const exact =
      this.#exact.get(path) ??
      (listing ? this.#exact.get(path.replace(/\/$/, '')) : undefined);
    if (exact) return exact;
    let best: string | undefined;
    for (const pattern of this.#wildcards.keys()) {
      if (
        matchesWildcard(pattern, path) &&
        (best === undefined || lowerPriority(best, pattern))
      ) {
        best = pattern;
      }
    }
    return best === undefined ? new Set() : this.#wildcards.get(best)!;
  }

  allows(path: string, capability: Capability, needsSudo = false): boolean {
    if (this.#root) return true;
    const caps = this.capabilitiesFor(path, capability === 'list');
    if (caps.has('deny') || !caps.has(capability)) return false;
    return !needsSudo || caps.has('sudo');
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
