import { badRequest, expired } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import { KubeObject } from '../types';
import type { ClusterObjectRegistry } from './ClusterObjectRegistry';
import { StoredObject } from './StoredObject';

/**
 * One page of a LIST, consistent at one resourceVersion across pages like etcd's paginated reads:
 * later pages are served from the snapshot the first page saw (reconstructed from retained history),
 * and a continue token older than the retained history is a 410.
 */
export interface ListRequest {
  def: ResourceDefinition;
  namespace?: string;
  limit?: number;
  continueToken?: string;
  /** label/field selector; when set, remainingItemCount is not reported (as upstream) */
  filter?: (obj: KubeObject) => boolean;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function encodeToken(rv: number, start: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start }),
  ).toString('base64url');
}

function decodeToken(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    ) {
      throw new Error('bad token');
    }
    return parsed;
  } catch {
    throw badRequest(
      `continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
    );
  }
}

export function listPage(
  store: ClusterObjectRegistry,
  request: ListRequest,
): ListPage {
  const { def, namespace, filter } = request;
  const token = request.continueToken
    ? decodeToken(request.continueToken)
    : undefined;
  const snapshotRv = token?.rv ?? store.resourceVersion;
  const startAfter = token?.start;
  if (token && !store.history.covers(snapshotRv))
    throw expired(CONTINUE_EXPIRED_MESSAGE);
  const overrides =
    snapshotRv < store.resourceVersion
      ? changedSince(store, def, snapshotRv)
      : undefined;
  const limit = request.limit && request.limit > 0 ? request.limit : Infinity;
  const items: StoredObject[] = [];
  const iterator = snapshotEntries(
    store,
    def,
    namespace,
    startAfter,
    overrides,
  );
  let last: string | undefined;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (items.length >= limit) {
      return {
        items,
        resourceVersion: snapshotRv,
        continueToken: encodeToken(snapshotRv, last!),
        remainingItemCount: filter
          ? undefined
          : remainingAfter(store, def, namespace, last!, overrides),
      };
    }
    const entry = next.value;
    if (!filter || filter(entry.object)) {
      items.push(entry);
      last = entry.key;
    }
  }
  return { items, resourceVersion: snapshotRv };
}

/** Keys of the snapshot after `last`: the live count corrected for changes since the snapshot. */
function remainingAfter(
  store: ClusterObjectRegistry,
  def: ResourceDefinition,
  namespace: string | undefined,
  last: string,
  overrides: Map<string, StoredObject | null> | undefined,
): number {
  const table = store.table(def);
  let count = table.countAfter(namespace, last);
  const prefix = namespace === undefined ? '' : `${namespace}/`;
  for (const [key, old] of overrides ?? []) {
    if (key <= last || !key.startsWith(prefix)) continue;
    const exists = Boolean(table.get(key));
    if (old && !exists) count++; // deleted since the snapshot
    if (!old && exists) count--; // created since the snapshot
  }
  return count;
}

/** key -> state at `rv` (null: did not exist) for every key changed after `rv`. */
function changedSince(
  store: ClusterObjectRegistry,
  def: ResourceDefinition,
  rv: number,
): Map<string, StoredObject | null> {
  const overrides = new Map<string, StoredObject | null>();
  for (const event of store.history.after(rv, def.key)) {
    const key = event.object.key;
    if (!overrides.has(key))
      overrides.set(key, event.type === 'ADDED' ? null : event.old ?? null);
  }
  return overrides;
}

function* snapshotEntries(
  store: ClusterObjectRegistry,
  def: ResourceDefinition,
  namespace: string | undefined,
  startAfter: string | undefined,
  overrides: Map<string, StoredObject | null> | undefined,
): Generator<StoredObject> {
  const table = store.table(def);
  if (!overrides || overrides.size === 0) {
    yield* table.entries(namespace, startAfter);
    return;
  }
  const prefix = namespace === undefined ? '' : `${namespace}/`;
  // keys deleted since the snapshot are no longer in the table but belong to the snapshot
  const vanished = [...overrides.entries()]
    .filter(
      ([key, old]) =>
        old &&
        !table.get(key) &&
        key.startsWith(prefix) &&
        (startAfter === undefined || key > startAfter),
    )
    .map(([key]) => key)
    .sort();
  let v = 0;
  const resolve = (key: string) =>
    overrides.has(key) ? overrides.get(key) : table.get(key);
  for (const key of table.keys(namespace, startAfter)) {
    while (v < vanished.length && vanished[v] < key) {
      yield overrides.get(vanished[v++])!;
    }
    const entry = resolve(key);
    if (entry) yield entry;
  }
  while (v < vanished.length) yield overrides.get(vanished[v++])!;
}
