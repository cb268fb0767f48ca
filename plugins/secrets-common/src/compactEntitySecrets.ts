import type {
  CauseInfo,
  ConsumerWorkload,
  EntitySecretsResponse,
  ExternalSecretRow,
  ForceSyncSupport,
  SecretGroup,
  TakesEffect,
  VaultCoordinates,
} from './types';

/**
 * The entity endpoint's compact form (`?format=compact`): the same answer with what rows share
 * sent once. An entity with 1,000 ExternalSecrets repeats a handful of stores, conditions,
 * force-sync verdicts and Vault coordinates 1,000 times; the full form is ~850 B per row, the
 * compact one under half. Rows point at a table by index; a row's Vault coordinates are left out
 * when they are its group's, and its empty consumer and PushSecret lists are left out.
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
  conditions: Array<NonNullable<ExternalSecretRow['condition']>>;
  takesEffect: TakesEffect[];
  forceSync: ForceSyncSupport[];
  vault: VaultCoordinates[];
  causes: string[];
  causeInfo: CauseInfo[];
}

/** @public */
export interface CompactSecretGroup extends Omit<SecretGroup, 'rows'> {
  rows: CompactExternalSecretRow[];
}

/** A row whose shared parts are indexes into {@link CompactTables}. @public */
export interface CompactExternalSecretRow
  extends Omit<
    ExternalSecretRow,
    | 'store'
    | 'condition'
    | 'takesEffect'
    | 'forceSync'
    | 'vault'
    | 'cause'
    | 'causeInfo'
    | 'consumers'
    | 'pushedBy'
  > {
  store: number;
  condition?: number;
  takesEffect: number;
  forceSync: number;
  /** Absent: the row reads its group's coordinates; -1: the row has none. */
  vault?: number;
  cause?: number;
  causeInfo?: number;
  /** Absent: none. */
  consumers?: ConsumerWorkload[];
  /** Absent: none. */
  pushedBy?: Array<{ namespace: string; name: string }>;
}

/**
 * Hands out one index per distinct part. The backend's rows already share their store, condition
 * and verdict objects, so identity finds most repeats at the cost of a Map lookup; a part that is
 * a copy (built per request, like a takes-effect verdict) is found by its key, by default its JSON
 * (equal JSON is an equal part; a part that differs only in key order is merely sent twice).
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

const NO_VAULT = -1;

function sameVault(a: VaultCoordinates, b: VaultCoordinates): boolean {
  return (
    a === b ||
    (VAULT_FIELDS.every(f => a[f] === b[f]) &&
      Object.keys(a).length === Object.keys(b).length &&
      Object.keys(a).every(k =>
        (VAULT_FIELDS as readonly string[]).includes(k),
      ))
  );
}

/** The compact form of an entity answer (see {@link CompactEntitySecretsResponse}). @public */
export function compactEntitySecrets(
  response: EntitySecretsResponse,
): CompactEntitySecretsResponse {
  const stores = new Table<ExternalSecretRow['store']>();
  const conditions = new Table<NonNullable<ExternalSecretRow['condition']>>(
    c => `${c.status}\u0000${c.reason}\u0000${c.since}\u0000${c.message}`,
  );
  const takesEffect = new Table<TakesEffect>(
    t => `${t.reason}\u0000${t.at}\u0000${t.forceSyncHelps}`,
  );
  const forceSync = new Table<ForceSyncSupport>();
  const vault = new Table<VaultCoordinates>();
  const causes = new Table<string>(c => c);
  const causeInfo = new Table<CauseInfo>();
  const groups = response.groups.map((group): CompactSecretGroup => {
    const { rows, ...rest } = group;
    return {
      ...rest,
      rows: rows.map(row => {
        const {
          store,
          condition,
          takesEffect: verdict,
          forceSync: support,
          vault: coordinates,
          cause,
          causeInfo: info,
          consumers,
          pushedBy,
          ...plain
        } = row;
        const compact: CompactExternalSecretRow = {
          ...plain,
          store: stores.indexOf(store),
          takesEffect: takesEffect.indexOf(verdict),
          forceSync: forceSync.indexOf(support),
        };
        if (condition) compact.condition = conditions.indexOf(condition);
        if (!coordinates) compact.vault = NO_VAULT;
        else if (!sameVault(coordinates, group.vault))
          compact.vault = vault.indexOf(coordinates);
        if (cause !== undefined) compact.cause = causes.indexOf(cause);
        if (info) compact.causeInfo = causeInfo.indexOf(info);
        if (consumers.length) compact.consumers = consumers;
        if (pushedBy.length) compact.pushedBy = pushedBy;
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
      conditions: conditions.items,
      takesEffect: takesEffect.items,
      forceSync: forceSync.items,
      vault: vault.items,
      causes: causes.items,
      causeInfo: causeInfo.items,
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
  return {
    ...rest,
    groups: groups.map(group => ({
      ...group,
      rows: group.rows.map(row => {
        const {
          store,
          condition,
          takesEffect,
          forceSync,
          vault,
          cause,
          causeInfo,
          consumers,
          pushedBy,
          ...plain
        } = row;
        const full: ExternalSecretRow = {
          ...plain,
          store: lookup(tables.stores, store, 'store'),
          takesEffect: lookup(tables.takesEffect, takesEffect, 'takesEffect'),
          forceSync: lookup(tables.forceSync, forceSync, 'forceSync'),
          consumers: consumers ?? [],
          pushedBy: pushedBy ?? [],
        };
        if (vault === undefined) full.vault = group.vault;
        else if (vault !== NO_VAULT)
          full.vault = lookup(tables.vault, vault, 'vault');
        if (condition !== undefined)
          full.condition = lookup(tables.conditions, condition, 'condition');
        if (cause !== undefined)
          full.cause = lookup(tables.causes, cause, 'cause');
        if (causeInfo !== undefined)
          full.causeInfo = lookup(tables.causeInfo, causeInfo, 'causeInfo');
        return full;
      }),
    })),
  };
}
