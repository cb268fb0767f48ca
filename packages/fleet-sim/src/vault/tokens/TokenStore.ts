import { newAccessor, newServiceToken } from '../core/ids';
import { goDurationString } from '../core/timefmt';

/** Vault's system default and max lease TTL (768h). */
export const SYSTEM_DEFAULT_TTL_SECONDS = 768 * 3600;

export interface TokenEntry {
  id: string;
  accessor: string;
  namespaceId: string;
  policies: string[];
  /** Creation path: `auth/token/root`, `auth/token/create`, `auth/approle/login`, ... */
  path: string;
  displayName: string;
  meta: Record<string, string> | null;
  creationMs: number;
  /** TTL at creation in seconds; 0 = never expires (root tokens). */
  creationTtl: number;
  /** Absolute expiry (SimClock ms); undefined = never. */
  expireMs?: number;
  /** Renewals never extend beyond creation + maxTtl (0 = no cap besides the system max). */
  maxTtl: number;
  explicitMaxTtl: number;
  period: number;
  renewable: boolean;
  orphan: boolean;
  parentId?: string;
  numUses: number;
  entityId: string;
  lastRenewalMs?: number;
}

export interface NewToken {
  namespaceId: string;
  policies: string[];
  path: string;
  displayName: string;
  meta?: Record<string, string> | null;
  ttlSeconds: number;
  maxTtlSeconds?: number;
  explicitMaxTtlSeconds?: number;
  periodSeconds?: number;
  renewable?: boolean;
  parentId?: string;
  numUses?: number;
  entityId?: string;
  /** Lets scenarios pin a token value (e.g. a well-known root token); random otherwise. */
  id?: string;
}

/**
 * All tokens of the server, across namespaces (a namespace token carries its namespace id as a
 * suffix, like Vault Enterprise). Time comes from the caller's clock so TTLs follow SimClock.
 */
export class TokenStore {
  readonly #byId = new Map<string, TokenEntry>();
  readonly #children = new Map<string, Set<string>>();

  constructor(private readonly now: () => number) {}

  create(spec: NewToken): TokenEntry {
    const creationMs = this.now();
    const entry: TokenEntry = {
      id: spec.id ?? newServiceToken(spec.namespaceId),
      accessor: newAccessor(spec.namespaceId),
      namespaceId: spec.namespaceId,
      policies: spec.policies,
      path: spec.path,
      displayName: spec.displayName,
      meta: spec.meta ?? null,
      creationMs,
      creationTtl: spec.ttlSeconds,
      expireMs:
        spec.ttlSeconds > 0 ? creationMs + spec.ttlSeconds * 1000 : undefined,
      maxTtl: spec.maxTtlSeconds ?? 0,
      explicitMaxTtl: spec.explicitMaxTtlSeconds ?? 0,
      period: spec.periodSeconds ?? 0,
      renewable: spec.ttlSeconds > 0 && (spec.renewable ?? true),
      orphan: spec.parentId === undefined,
      parentId: spec.parentId,
      numUses: spec.numUses ?? 0,
      entityId: spec.entityId ?? '',
    };
    this.#byId.set(entry.id, entry);
    if (spec.parentId) {
      const siblings = this.#children.get(spec.parentId) ?? new Set<string>();
      siblings.add(entry.id);
      this.#children.set(spec.parentId, siblings);
    }
    return entry;
  }

  /** The live entry, or undefined for unknown, revoked and expired tokens (expiry revokes). */
  lookup(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = this.#byId.get(id);
    if (!entry) return undefined;
    if (entry.expireMs !== undefined && entry.expireMs <= this.now()) {
      this.revoke(id);
      return undefined;
    }
    return entry;
  }

  /** Revokes the token and, like Vault, every non-orphan descendant. */
  revoke(id: string): boolean {
    const entry = this.#byId.get(id);
    if (!entry) return false;
    this.#byId.delete(id);
    for (const child of this.#children.get(id) ?? []) this.revoke(child);
    this.#children.delete(id);
    return true;
  }

  /** Remaining TTL in whole seconds (0 for non-expiring tokens). */
  ttlSeconds(entry: TokenEntry): number {
    if (entry.expireMs === undefined) return 0;
    return Math.max(0, Math.floor((entry.expireMs - this.now()) / 1000));
  }

  /**
   * Extends the TTL by `increment` (default: the period or creation TTL), capped so the token
   * never outlives creation + max TTL. Returns the new TTL and Vault's capping warning if any.
   */
  renew(
    entry: TokenEntry,
    incrementSeconds?: number,
  ): { ttl: number; warnings: string[] } {
    const now = this.now();
    const requested =
      incrementSeconds && incrementSeconds > 0
        ? incrementSeconds
        : entry.period || entry.creationTtl;
    const caps = [
      entry.maxTtl,
      entry.explicitMaxTtl,
      SYSTEM_DEFAULT_TTL_SECONDS,
    ].filter(v => v > 0);
    const maxTtl = Math.min(...caps);
    const remainingMax = Math.floor(
      (entry.creationMs + maxTtl * 1000 - now) / 1000,
    );
    const warnings: string[] = [];
    let ttl = requested;
    if (entry.period === 0 && ttl > remainingMax) {
      ttl = Math.max(0, remainingMax);
      warnings.push(
        `TTL of "${goDurationString(
          requested,
        )}" exceeded the effective max_ttl of "${goDurationString(
          ttl,
        )}"; TTL value is capped accordingly`,
      );
    }
    entry.expireMs = now + ttl * 1000;
    entry.lastRenewalMs = now;
    return { ttl, warnings };
  }

  all(): TokenEntry[] {
    return [...this.#byId.values()];
  }
}
