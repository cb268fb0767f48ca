/*
 * What every simulated ESO controller in one cluster shares: the cluster's object store (its
 * informer cache and API in one), the clock, the TokenRequest hook, and the controller flags.
 */
import type { SimClock } from '../clock/SimClock';
import type { ClusterStore, KubeObject, ResourceRef } from '../kube/types';
import { ESO_FIELD_MANAGER } from './constants';
import type { ServiceAccountTokenIssuer } from './vault/kubeCredentials';

export interface EsoOptions {
  /** `--concurrent` (default 1): reconciles in flight per controller. */
  concurrency?: number;
  /** Simulated duration of each reconcile before it acts (API round trips, CPU). */
  reconcileLatencyMs?: number;
  /** `--store-requeue-interval` (default 5m). */
  storeRequeueIntervalMs?: number;
  /** `--enable-flood-gate` (default true). */
  floodGate?: boolean;
  /** Vault client MaxRetries (Vault's DefaultConfig: 2). */
  vaultMaxRetries?: number;
  /** Requeue interval of ClusterExternalSecrets without refreshTime (`--requeue-interval` default 1h). */
  requeueIntervalMs?: number;
}

export interface EsoContext {
  readonly store: ClusterStore;
  readonly clock: SimClock;
  readonly issueServiceAccountToken: ServiceAccountTokenIssuer;
  readonly options: EsoOptions;
}

/** Writes `status` when it differs from what the object has; returns 'conflict' on a 409. */
export function writeStatus(
  ctx: EsoContext,
  ref: ResourceRef,
  obj: KubeObject,
  status: unknown,
  mode: 'update' | 'patch',
): 'written' | 'unchanged' | 'conflict' | 'gone' {
  if (sameJson(obj.status ?? null, status ?? null)) return 'unchanged';
  const next: KubeObject = { ...obj, metadata: { ...obj.metadata }, status };
  // a merge patch carries no resourceVersion precondition; Status().Update does
  if (mode === 'patch') delete next.metadata.resourceVersion;
  try {
    ctx.store.updateStatus(ref, next, { fieldManager: ESO_FIELD_MANAGER });
    return 'written';
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 409) return 'conflict';
    if (code === 404) return 'gone';
    throw error;
  }
}

export function splitKey(key: string): {
  namespace: string | undefined;
  name: string;
} {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

/** Deep equality of JSON values, ignoring object key order (equality.Semantic.DeepEqual for our purposes). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function compareCodeUnits(x: string, y: string): number {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => compareCodeUnits(x, y));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
