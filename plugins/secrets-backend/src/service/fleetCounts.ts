import {
  secretSyncStatuses,
  type ExternalSecretRow,
  type SecretSyncStatus,
  type StatusCounts,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import type { EntityRows } from './entityRows';
import { ExpiryHeap } from './expiryHeap';
import type { ClusterRows } from './fleetRows';
import { onRowInputChange } from './rowInputs';

const byLocale = new Intl.Collator().compare;
const byCode = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};
/** FleetRows' order; code points break the collator's ties, so one position fits each row. */
const order = (a: ExternalSecretRow, b: ExternalSecretRow) =>
  byLocale(a.namespace, b.namespace) ||
  byLocale(a.name, b.name) ||
  byCode(a.namespace, b.namespace) ||
  byCode(a.name, b.name);

/**
 * Time the background takes per turn of the event loop: a request arriving meanwhile waits at
 * most this long for it.
 */
const DRAIN_BUDGET_MS = 2;
/** Without a poll for this long nobody is looking: changes wait for the next poll instead. */
const IDLE_AFTER_MS = 10 * 60_000;

interface Counted {
  row: ExternalSecretRow;
  /** From `EntityRows.forEach`: after this instant time alone changes the row. */
  until: number;
}

/** One cluster's counts, lists and pending changes. */
class ClusterCounts {
  readonly #entries = new Map<string, Counted>();
  /** ExternalSecrets to re-derive at the next poll; a Set, so it holds each one once at most. */
  readonly #dirty = new Set<string>();
  #all = true;
  /** When rows turn over with time; stale entries (the row moved since) are skipped when met. */
  readonly #expiry = new ExpiryHeap();
  #view: ClusterRows = emptyView();
  /** The view was handed out: the next change goes to a copy. */
  #shared = false;
  #drainScheduled = false;
  #polledAt = -Infinity;
  readonly close: () => void;

  constructor(
    readonly name: string,
    private readonly data: ClusterData,
    private readonly rows: EntityRows,
    private readonly clock?: () => number,
  ) {
    this.close = onRowInputChange(data, {
      changed: key => {
        if (this.#all) return;
        this.#dirty.add(key);
        this.#scheduleDrain();
      },
      all: () => {
        this.#all = true;
        this.#dirty.clear();
        this.#scheduleDrain();
      },
    });
  }

  current(now: number): ClusterRows {
    this.#catchUp(now, Infinity);
    this.#shared = true;
    this.#polledAt = now;
    return this.#view;
  }

  /**
   * With a clock, changes are applied soon after they arrive, a batch per turn of the event loop,
   * so a poll finds little or nothing left to do: ESO's status writes are spread over time,
   * while a page poll waits for everything pending.
   */
  #scheduleDrain() {
    if (!this.clock || this.#drainScheduled) return;
    if (this.clock() - this.#polledAt > IDLE_AFTER_MS) return;
    this.#drainScheduled = true;
    setImmediate(() => {
      this.#drainScheduled = false;
      this.#catchUp(this.clock!(), performance.now() + DRAIN_BUDGET_MS);
      if (this.#all || this.#dirty.size) this.#scheduleDrain();
    }).unref();
  }

  /** Applies what is pending as of `now`, until done or `deadline` (`performance.now()`). */
  #catchUp(now: number, deadline: number) {
    if (this.#all) this.#rebuild(now);
    while (this.#expiry.peek() < now) {
      const at = this.#expiry.peek();
      const key = this.#expiry.pop()!;
      if (this.#entries.get(key)?.until === at) this.#dirty.add(key);
    }
    if (this.#dirty.size) this.#apply(now, deadline);
    // every re-derivation pushes a new instant; drop the superseded ones now and then
    if (this.#expiry.size > 2 * this.#entries.size + 1024)
      this.#reindexExpiry();
  }

  #rebuild(now: number) {
    this.#all = false;
    this.#dirty.clear();
    this.#entries.clear();
    this.#expiry.clear();
    const view = emptyView();
    for (const [key, es] of this.#esEntries()) {
      const counted = this.#derive(key, es, now);
      this.#entries.set(key, counted);
      view.byStatus[counted.row.status].push(counted.row);
      view.counts[counted.row.status]++;
    }
    for (const list of Object.values(view.byStatus)) list.sort(order);
    view.notSynced = secretSyncStatuses
      .filter(s => s !== 'Synced')
      .flatMap(s => view.byStatus[s])
      .sort(order);
    this.#view = view;
    this.#shared = false;
  }

  /**
   * Applies pending changes until done or `deadline`; to a copy when the view was handed out,
   * which never changes under its reader.
   */
  #apply(now: number, deadline: number) {
    const old = this.#view;
    const view: ClusterRows = this.#shared
      ? {
          counts: { ...old.counts },
          byStatus: Object.fromEntries(
            secretSyncStatuses.map(s => [s, old.byStatus[s].slice()]),
          ) as ClusterRows['byStatus'],
          notSynced: old.notSynced.slice(),
        }
      : old;
    let applied = 0;
    for (const key of this.#dirty) {
      // the clock is read every 16 changes: each costs microseconds
      if ((++applied & 15) === 0 && performance.now() > deadline) break;
      this.#dirty.delete(key);
      const before = this.#entries.get(key);
      const es = this.data.externalSecrets.get(key);
      const after = es && this.#derive(key, es, now);
      if (before?.row === after?.row) {
        if (after) this.#entries.set(key, after);
        continue;
      }
      if (before && after && before.row.status === after.row.status) {
        // the common case (a status write that keeps the status): same place in every list
        replace(view.byStatus[after.row.status], before.row, after.row);
        if (after.row.status !== 'Synced')
          replace(view.notSynced, before.row, after.row);
        this.#entries.set(key, after);
        continue;
      }
      if (before) {
        const { row } = before;
        view.counts[row.status]--;
        remove(view.byStatus[row.status], row);
        if (row.status !== 'Synced') remove(view.notSynced, row);
        this.#entries.delete(key);
      }
      if (after) {
        const { row } = after;
        view.counts[row.status]++;
        insert(view.byStatus[row.status], row);
        if (row.status !== 'Synced') insert(view.notSynced, row);
        this.#entries.set(key, after);
      }
    }
    this.#view = view;
    this.#shared = false;
  }

  #derive(key: string, es: ExternalSecretProjection, now: number): Counted {
    // the row of the first Vault key stands for the ExternalSecret, as in FleetRows
    let row: ExternalSecretRow | undefined;
    const until = this.rows.forEach(this.name, this.data, es, now, keyed => {
      row ??= keyed.row;
    });
    if (!row) throw new Error(`no row for ExternalSecret ${es.name}`);
    if (until !== Infinity) this.#expiry.push(until, key);
    return { row, until };
  }

  *#esEntries() {
    for (const es of this.data.externalSecrets.values())
      yield [`${es.namespace}/${es.name}`, es] as const;
  }

  #reindexExpiry() {
    this.#expiry.clear();
    for (const [key, { until }] of this.#entries)
      if (until !== Infinity) this.#expiry.push(until, key);
  }
}

/**
 * The fleet page's view of every cluster, kept up to date by deltas: each change in a cluster
 * marks the ExternalSecrets whose rows it may move (rowInputs.ts), and the next poll takes their
 * old rows out of the counts and sorted lists and puts their new rows in. A poll costs the changes
 * since the last one, not the cluster's ExternalSecrets: ESO writes status on every refresh, so
 * in a large fleet every cluster changes between any two polls. Rows come from the same
 * `EntityRows.forEach` as `FleetRows`' full recount, which must give the same answer.
 */
export class FleetCounts {
  readonly #clusters = new WeakMap<ClusterData, ClusterCounts>();

  constructor(
    private readonly rows: EntityRows,
    /** The cache's clock: given, a cluster once polled applies its changes as they come. */
    private readonly clock?: () => number,
  ) {}

  cluster(name: string, data: ClusterData, now: number): ClusterRows {
    let counts = this.#clusters.get(data);
    if (!counts || counts.name !== name) {
      counts?.close();
      counts = new ClusterCounts(name, data, this.rows, this.clock);
      this.#clusters.set(data, counts);
    }
    return counts.current(now);
  }
}

function emptyView(): ClusterRows {
  return {
    counts: Object.fromEntries(
      secretSyncStatuses.map(s => [s, 0]),
    ) as StatusCounts,
    byStatus: Object.fromEntries(
      secretSyncStatuses.map(s => [s, [] as ExternalSecretRow[]]),
    ) as Record<SecretSyncStatus, ExternalSecretRow[]>,
    notSynced: [],
  };
}

/** The first index whose row sorts at or after `row`. */
function lowerBound(list: ExternalSecretRow[], row: ExternalSecretRow): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid], row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(list: ExternalSecretRow[], row: ExternalSecretRow) {
  list.splice(lowerBound(list, row), 0, row);
}

function indexOf(list: ExternalSecretRow[], row: ExternalSecretRow): number {
  const i = lowerBound(list, row);
  if (list[i] !== row)
    throw new Error(`row ${row.namespace}/${row.name} is not counted`);
  return i;
}

function remove(list: ExternalSecretRow[], row: ExternalSecretRow) {
  list.splice(indexOf(list, row), 1);
}

/** `after` is the same ExternalSecret as `before`: it sorts in the same place. */
function replace(
  list: ExternalSecretRow[],
  before: ExternalSecretRow,
  after: ExternalSecretRow,
) {
  list[indexOf(list, before)] = after;
}
