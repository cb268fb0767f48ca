import type {
  ConsumerWorkload,
  EntitySecretsResponse,
  ExternalSecretRow,
  SecretGroup,
  VaultCoordinates,
} from './types';

/**
 * The entity endpoint's compact form (`?format=compact`): the same answer with what rows share
 * sent once. An entity with 1,000 ExternalSecrets repeats a handful of stores, and its rows fall
 * into a few profiles (the same cluster, namespace, status, condition, verdicts and cause); the
 * full form is ~850 B per row, the compact one ~100 B. Each row keeps only what names and dates
 * it and points at its profile; its target's name is left out when it is the row's, its data
 * hash is an index (the rows of one key share it), its Vault coordinates are left out when they
 * are its group's, and its empty consumer and PushSecret lists are left out.
 * {@link expandEntitySecrets} turns it back into {@link EntitySecretsResponse}, with the shared
 * parts shared by reference.
 * @public
 */
export interface CompactEntitySecretsResponse
  extends Omit<EntitySecretsResponse, 'groups'> {
  format: 'compact';
  tables: CompactTables;
  groups: CompactSecretGroup[];
}

/** What rows of a compact answer share, by index. @public */
export interface CompactTables {
  stores: Array<ExternalSecretRow['store']>;
  profiles: CompactRowProfile[];
  vault: VaultCoordinates[];
  /** Target Secrets' data hashes. */
  hashes: string[];
}

/**
 * What rows share: a row without what names and dates it (name, lastSyncAt, target, consumers,
 * pushedBy, vault, ownerClusterExternalSecret), its store an index, its condition without
 * `since` and its takes-effect verdict without `at` (each row's own instants).
 * @public
 */
export type CompactRowProfile = Omit<
  ExternalSecretRow,
  | 'name'
  | 'lastSyncAt'
  | 'target'
  | 'consumers'
  | 'pushedBy'
  | 'vault'
  | 'ownerClusterExternalSecret'
  | 'store'
  | 'condition'
  | 'takesEffect'
> & {
  store: number;
  condition?: Omit<NonNullable<ExternalSecretRow['condition']>, 'since'>;
  takesEffect: Omit<ExternalSecretRow['takesEffect'], 'at'>;
};

/** @public */
export interface CompactSecretGroup extends Omit<SecretGroup, 'rows'> {
  rows: CompactExternalSecretRow[];
}

/** One row of a compact answer: its profile's index and what is its own. @public */
export interface CompactExternalSecretRow
  extends Pick<
    ExternalSecretRow,
    'name' | 'lastSyncAt' | 'ownerClusterExternalSecret'
  > {
  profile: number;
  /** The condition's `since`. */
  since?: string;
  /** The takes-effect verdict's `at`. */
  at?: string;
  target: Omit<ExternalSecretRow['target'], 'name' | 'dataHash'> & {
    /** Absent: the row's name (ESO's default). */
    name?: string;
    /** An index into `tables.hashes`. */
    dataHash?: number;
  };
  /** Absent: the row reads its group's coordinates; -1: the row has none. */
  vault?: number;
  /** Absent: none. */
  consumers?: ConsumerWorkload[];
  /** Absent: none. */
  pushedBy?: Array<{ namespace: string; name: string }>;
}

/**
 * Hands out one index per distinct part, found by its key, by default its JSON (equal JSON is
 * an equal part; a part that differs only in key order is merely sent twice). The backend's rows
 * share their store and coordinate objects, so identity is tried first, at the cost of a Map
 * lookup.
 */
class Table<T> {
  readonly items: T[] = [];
  readonly #byObject = new Map<T, number>();
  readonly #byKey = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string = item => JSON.stringify(item),
  ) {}

  indexOf(item: T): number {
    const known = this.#byObject.get(item);
    if (known !== undefined) return known;
    const key = this.keyOf(item);
    let index = this.#byKey.get(key);
    if (index === undefined) {
      index = this.items.push(item) - 1;
      this.#byKey.set(key, index);
    }
    this.#byObject.set(item, index);
    return index;
  }
}

const NO_VAULT = -1;

const VAULT_FIELDS = [
  'server',
  'serverName',
  'namespace',
  'mount',
  'kvVersion',
  'key',
  'property',
  'pinnedVersion',
  'find',
] as const satisfies ReadonlyArray<keyof VaultCoordinates>;

function sameVault(a: VaultCoordinates, b: VaultCoordinates): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(k => (VAULT_FIELDS as readonly string[]).includes(k)) &&
    VAULT_FIELDS.every(f => a[f] === b[f])
  );
}

/** The row fields a profile does not hold as they are. */
const NOT_SHARED = new Set<string>([
  'name',
  'lastSyncAt',
  'target',
  'consumers',
  'pushedBy',
  'vault',
  'ownerClusterExternalSecret',
  'store',
  'condition',
  'takesEffect',
]);

/** Every field of `a` and `b` but the `skipped` ones is the same value or the same object. */
function sameFields(
  a: object,
  b: object,
  skipped: (field: string) => boolean,
): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!skipped(k) && ra[k] !== rb[k]) return false;
  return true;
}

const notShared = (field: string) => NOT_SHARED.has(field);

/**
 * Whether two rows have the same profile, found without a key: the same shared values and
 * objects, the same verdict but for its instant, the same condition but for its `since`. A miss
 * only costs the key.
 */
function sameProfile(a: ExternalSecretRow, b: ExternalSecretRow): boolean {
  if (!sameFields(a, b, notShared)) return false;
  if (!sameFields(a.takesEffect, b.takesEffect, f => f === 'at')) return false;
  if (!a.condition || !b.condition) return a.condition === b.condition;
  return sameFields(a.condition, b.condition, f => f === 'since');
}

/**
 * Builds one answer's profiles. A profile's key is a short list of small numbers: each field
 * name and value gets one per answer, a string or number by value (Map keys compare them without
 * encoding), an object by identity or else by its JSON, so the rows' shared objects are encoded
 * once. Nothing is kept between answers: a cache per row would cost the backend's heap more than
 * the keys cost per request.
 */
class Profiles {
  readonly items: CompactRowProfile[] = [];
  readonly #byKey = new Map<string, number>();
  readonly #ids = new Map<unknown, number>();
  readonly #objectIds = new Map<string, number>();

  #id(value: unknown): number {
    let id = this.#ids.get(value);
    if (id !== undefined) return id;
    if (typeof value === 'object' && value !== null) {
      const json = JSON.stringify(value);
      id = this.#objectIds.get(json);
      if (id === undefined) this.#objectIds.set(json, (id = this.#ids.size));
    } else id = this.#ids.size;
    this.#ids.set(value, id);
    return id;
  }

  /** `part` without `field`, its key, and `field`'s value. */
  #split(part: object, field: string) {
    const rest: Record<string, unknown> = {};
    let key = '';
    const record = part as Record<string, unknown>;
    for (const k of Object.keys(part)) {
      const v = record[k];
      if (k === field || v === undefined) continue;
      rest[k] = v;
      key += `${this.#id(k)},${this.#id(v)};`;
    }
    return { rest, key, value: record[field] };
  }

  /**
   * The latest row read through each store, and its profile: the rows of one store mostly share
   * one (answers list a key's rows cluster after cluster, or name after name across clusters).
   */
  readonly #lastOfStore = new Map<
    number,
    { row: ExternalSecretRow; profile: number }
  >();

  /** The row's profile index, and the instants it leaves to the row. */
  indexOf(
    row: ExternalSecretRow,
    store: number,
  ): { profile: number; since?: string; at?: string } {
    const last = this.#lastOfStore.get(store);
    if (last && sameProfile(last.row, row))
      return {
        profile: last.profile,
        since: row.condition?.since,
        at: row.takesEffect.at,
      };
    const found = this.#indexOf(row, store);
    this.#lastOfStore.set(store, { row, profile: found.profile });
    return found;
  }

  #indexOf(
    row: ExternalSecretRow,
    store: number,
  ): { profile: number; since?: string; at?: string } {
    const record = row as unknown as Record<string, unknown>;
    let key = `${store};`;
    const fields = Object.keys(row);
    for (const field of fields) {
      const value = record[field];
      if (NOT_SHARED.has(field) || value === undefined) continue;
      key += `${this.#id(field)},${this.#id(value)};`;
    }
    const verdict = this.#split(row.takesEffect, 'at');
    key += `t[${verdict.key}]`;
    const condition = row.condition && this.#split(row.condition, 'since');
    if (condition) key += `c[${condition.key}]`;
    let profile = this.#byKey.get(key);
    if (profile === undefined) {
      const shared: Record<string, unknown> = {};
      for (const field of fields)
        if (!NOT_SHARED.has(field) && record[field] !== undefined)
          shared[field] = record[field];
      shared.store = store;
      shared.takesEffect = verdict.rest;
      if (condition) shared.condition = condition.rest;
      profile = this.items.push(shared as CompactRowProfile) - 1;
      this.#byKey.set(key, profile);
    }
    return {
      profile,
      since: condition?.value as string | undefined,
      at: verdict.value as string | undefined,
    };
  }
}

/** The compact form of an entity answer (see {@link CompactEntitySecretsResponse}). @public */
export function compactEntitySecrets(
  response: EntitySecretsResponse,
): CompactEntitySecretsResponse {
  const stores = new Table<ExternalSecretRow['store']>();
  const profiles = new Profiles();
  const vault = new Table<VaultCoordinates>();
  const hashes = new Table<string>(hash => hash);
  const groups = response.groups.map((group): CompactSecretGroup => {
    const { rows, ...rest } = group;
    return {
      ...rest,
      rows: rows.map(row => {
        const { profile, since, at } = profiles.indexOf(
          row,
          stores.indexOf(row.store),
        );
        const target: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row.target)) {
          if (k === 'name' && v === row.name) continue;
          target[k] = k === 'dataHash' ? hashes.indexOf(v as string) : v;
        }
        const compact: CompactExternalSecretRow = {
          profile,
          name: row.name,
          target: target as CompactExternalSecretRow['target'],
        };
        if (since !== undefined) compact.since = since;
        if (at !== undefined) compact.at = at;
        if (row.lastSyncAt !== undefined) compact.lastSyncAt = row.lastSyncAt;
        if (!row.vault) compact.vault = NO_VAULT;
        else if (!sameVault(row.vault, group.vault))
          compact.vault = vault.indexOf(row.vault);
        if (row.consumers.length) compact.consumers = row.consumers;
        if (row.pushedBy.length) compact.pushedBy = row.pushedBy;
        if (row.ownerClusterExternalSecret !== undefined)
          compact.ownerClusterExternalSecret = row.ownerClusterExternalSecret;
        return compact;
      }),
    };
  });
  const { groups: _full, ...rest } = response;
  return {
    ...rest,
    format: 'compact',
    tables: {
      stores: stores.items,
      profiles: profiles.items,
      vault: vault.items,
      hashes: hashes.items,
    },
    groups,
  };
}

/** Whether an entity answer is the compact form (an older backend answers in the full one). @public */
export function isCompactEntitySecrets(
  response: EntitySecretsResponse | CompactEntitySecretsResponse,
): response is CompactEntitySecretsResponse {
  return (response as { format?: unknown }).format === 'compact';
}

function lookup<T>(table: T[], index: number, what: string): T {
  const item = table[index];
  if (item === undefined)
    throw new TypeError(`compact entity answer: no ${what} #${index}`);
  return item;
}

/** The full answer a compact one stands for; shared parts stay shared. @public */
export function expandEntitySecrets(
  response: CompactEntitySecretsResponse,
): EntitySecretsResponse {
  const { format: _format, tables, groups, ...rest } = response;
  const expanded = new Map<
    number,
    Omit<CompactRowProfile, 'store'> & { store: ExternalSecretRow['store'] }
  >();
  const profileOf = (index: number) => {
    let profile = expanded.get(index);
    if (!profile) {
      const { store, ...shared } = lookup(tables.profiles, index, 'profile');
      profile = { ...shared, store: lookup(tables.stores, store, 'store') };
      expanded.set(index, profile);
    }
    return profile;
  };
  return {
    ...rest,
    groups: groups.map(group => ({
      ...group,
      rows: group.rows.map(row => {
        const {
          profile,
          since,
          at,
          target,
          vault,
          consumers,
          pushedBy,
          ...own
        } = row;
        const { name: targetName, dataHash, ...targetRest } = target;
        const { condition, takesEffect, ...shared } = profileOf(profile);
        const full: ExternalSecretRow = {
          ...shared,
          ...own,
          takesEffect: at === undefined ? takesEffect : { ...takesEffect, at },
          target: { ...targetRest, name: targetName ?? own.name },
          consumers: consumers ?? [],
          pushedBy: pushedBy ?? [],
        };
        if (condition)
          full.condition =
            since === undefined ? condition : { ...condition, since };
        if (dataHash !== undefined)
          full.target.dataHash = lookup(tables.hashes, dataHash, 'dataHash');
        if (vault === undefined) full.vault = group.vault;
        else if (vault !== NO_VAULT)
          full.vault = lookup(tables.vault, vault, 'vault');
        return full;
      }),
    })),
  };
}
