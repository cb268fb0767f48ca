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

/** The fields that name or date one row; everything else is its profile. */
type PerRowField =
  | 'name'
  | 'lastSyncAt'
  | 'target'
  | 'consumers'
  | 'pushedBy'
  | 'vault'
  | 'ownerClusterExternalSecret';

/** What rows share: a row without what names and dates it, its store an index. @public */
export type CompactRowProfile = Omit<
  ExternalSecretRow,
  PerRowField | 'store'
> & {
  store: number;
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

/** Parts outlive answers (the backend keeps its stores' objects): each is serialised once. */
const jsonKeys = new WeakMap<object, string>();

function jsonKey(part: object): string {
  let key = jsonKeys.get(part);
  if (key === undefined) jsonKeys.set(part, (key = JSON.stringify(part)));
  return key;
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
    private readonly keyOf: (item: T) => string = item =>
      jsonKey(item as object),
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

/** What a row's compact form is, but for the indexes, which belong to one answer. */
interface RowParts {
  /** The profile without its store, and the key it is found by. */
  shared: Omit<CompactRowProfile, 'store'>;
  sharedKey: string;
  /** The compact row without `profile`, `vault` and `target.dataHash`. */
  own: Omit<CompactExternalSecretRow, 'profile' | 'vault'>;
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

/** An object without one field, and that field's value, worked out once per object. */
const withoutField = new WeakMap<
  object,
  { rest: Record<string, unknown>; value: unknown; key: string }
>();

function split(part: object, field: string) {
  let known = withoutField.get(part);
  if (!known) {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(part)) if (k !== field) rest[k] = v;
    known = {
      rest,
      value: (part as Record<string, unknown>)[field],
      key: JSON.stringify(rest),
    };
    withoutField.set(part, known);
  }
  return known;
}

/**
 * The backend hands out the same row objects until their ExternalSecret changes (its entity
 * views keep them), so each row's parts are worked out once. A row copied per request (to add
 * its version drift) still shares its condition, verdicts and store with the kept one, so the
 * profile's key is put together from their cached JSON (each value JSON-encoded, so no value can
 * fake a separator) instead of serialising every row.
 */
const partsOfRow = new WeakMap<ExternalSecretRow, RowParts>();

function rowParts(row: ExternalSecretRow): RowParts {
  let parts = partsOfRow.get(row);
  if (parts) return parts;
  const shared: Record<string, unknown> = {};
  let sharedKey = '';
  for (const field in row) {
    if (NOT_SHARED.has(field)) continue;
    const value = (row as unknown as Record<string, unknown>)[field];
    if (value === undefined) continue;
    shared[field] = value;
    sharedKey += `${field}\u0001${
      typeof value === 'object' && value !== null
        ? jsonKey(value)
        : JSON.stringify(value)
    }\u0002`;
  }
  const verdict = split(row.takesEffect, 'at');
  shared.takesEffect = verdict.rest;
  sharedKey += `takesEffect\u0001${verdict.key}\u0002`;
  const own: RowParts['own'] = { name: row.name, target: { exists: true } };
  if (row.condition) {
    const condition = split(row.condition, 'since');
    shared.condition = condition.rest;
    sharedKey += `condition\u0001${condition.key}\u0002`;
    if (condition.value !== undefined) own.since = condition.value as string;
  }
  if (verdict.value !== undefined) own.at = verdict.value as string;
  if (row.lastSyncAt !== undefined) own.lastSyncAt = row.lastSyncAt;
  const target: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.target))
    if (k !== 'dataHash' && !(k === 'name' && v === row.name)) target[k] = v;
  own.target = target as RowParts['own']['target'];
  if (row.consumers.length) own.consumers = row.consumers;
  if (row.pushedBy.length) own.pushedBy = row.pushedBy;
  if (row.ownerClusterExternalSecret !== undefined)
    own.ownerClusterExternalSecret = row.ownerClusterExternalSecret;
  parts = {
    shared: shared as RowParts['shared'],
    sharedKey,
    own,
  };
  partsOfRow.set(row, parts);
  return parts;
}

/** The compact form of an entity answer (see {@link CompactEntitySecretsResponse}). @public */
export function compactEntitySecrets(
  response: EntitySecretsResponse,
): CompactEntitySecretsResponse {
  const stores = new Table<ExternalSecretRow['store']>();
  const profiles: CompactRowProfile[] = [];
  // by store, then by the cached key string, whose hash V8 keeps: no key is built per row
  const profileByKey = new Map<number, Map<string, number>>();
  const vault = new Table<VaultCoordinates>();
  const hashes = new Table<string>(hash => hash);
  const groups = response.groups.map((group): CompactSecretGroup => {
    const { rows, ...rest } = group;
    return {
      ...rest,
      rows: rows.map(row => {
        const { shared, sharedKey, own } = rowParts(row);
        const store = stores.indexOf(row.store);
        let ofStore = profileByKey.get(store);
        if (!ofStore) profileByKey.set(store, (ofStore = new Map()));
        let profile = ofStore.get(sharedKey);
        if (profile === undefined) {
          profile = profiles.push({ ...shared, store }) - 1;
          ofStore.set(sharedKey, profile);
        }
        const compact: CompactExternalSecretRow = { profile, ...own };
        if (row.target.dataHash !== undefined)
          compact.target = {
            ...own.target,
            dataHash: hashes.indexOf(row.target.dataHash),
          };
        if (!row.vault) compact.vault = NO_VAULT;
        else if (!sameVault(row.vault, group.vault))
          compact.vault = vault.indexOf(row.vault);
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
      profiles,
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
