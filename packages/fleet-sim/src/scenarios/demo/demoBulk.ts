/*
 * Opt-in bulk entity for the entity-tab benchmark (scripts/e2e/entityTabBench.mjs): with
 * SECRETS_DEMO_BULK=N the demo also seeds component `bulk-secrets` with N ExternalSecrets spread
 * round-robin over the demo's clusters, reading BULK_KEYS Vault keys of team-payments. Every
 * FAILING_EVERY-th one reads a key Vault does not have, so ESO reports it failing and the tab's
 * filter has a mix of statuses to work on. Unset (or 0), nothing of this exists and the demo is
 * exactly what the journey and the screenshots expect.
 */
import type { KubeObject } from '../../kube/types';
import { COMPONENT_LABEL, REF } from '../objects';
import {
  type ClusterAccess,
  esoApiVersion,
  type ScenarioContext,
} from '../types';
import { VAULT_NAMESPACES } from './demoVault';

export const BULK_COMPONENT = 'bulk-secrets';
export const BULK_KEYS = 12;
export const FAILING_EVERY = 10;
/** Far more than a browser benchmark needs; a typo (50000) should not exhaust the demo's memory. */
export const MAX_BULK = 5000;

/** The number of bulk ExternalSecrets `SECRETS_DEMO_BULK` asks for: 0 when unset. */
export function bulkCount(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_BULK)
    throw new Error(
      `SECRETS_DEMO_BULK must be a whole number from 0 to ${MAX_BULK}, not ${value}`,
    );
  return n;
}

const pad = (n: number) => String(n).padStart(4, '0');
const keyPath = (k: number) =>
  `${BULK_COMPONENT}/key-${String(k + 1).padStart(2, '0')}`;

/** The Vault path the i-th bulk ExternalSecret reads: a missing one for every FAILING_EVERY-th. */
export function bulkKeyOf(i: number): string {
  return i % FAILING_EVERY === FAILING_EVERY - 1
    ? `${BULK_COMPONENT}/retired-${String(i % BULK_KEYS).padStart(2, '0')}`
    : keyPath(i % BULK_KEYS);
}

export function seedBulkVault(ctx: ScenarioContext): void {
  for (let k = 0; k < BULK_KEYS; k++)
    ctx.vault.engine.putSecret({
      namespace: VAULT_NAMESPACES.payments,
      mount: 'secret',
      path: keyPath(k),
      data: { username: `bulk-${k + 1}`, password: `bulk-pw-${k + 1}-v1` },
      customMetadata: { owner: 'team-payments' },
    });
}

/** The bulk ExternalSecrets of the cluster at `index` of `clusterCount` (round-robin by number). */
export function bulkExternalSecrets(
  cluster: ClusterAccess,
  index: number,
  clusterCount: number,
  total: number,
): KubeObject[] {
  const list: KubeObject[] = [];
  for (let i = index; i < total; i += clusterCount) {
    const key = bulkKeyOf(i);
    list.push({
      apiVersion: esoApiVersion(cluster.eso),
      kind: 'ExternalSecret',
      metadata: {
        name: `${BULK_COMPONENT}-${pad(i)}`,
        namespace: 'payments',
        labels: { [COMPONENT_LABEL]: BULK_COMPONENT },
      },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-payments' },
        target: {
          name: `${BULK_COMPONENT}-${pad(i)}`,
          creationPolicy: 'Owner',
        },
        data: ['username', 'password'].map(p => ({
          secretKey: p,
          remoteRef: { key, property: p },
        })),
      },
    });
  }
  return list;
}

/** Seeds Vault and every cluster with `total` bulk ExternalSecrets; nothing when 0. */
export function seedBulk(ctx: ScenarioContext, total: number): void {
  if (total <= 0) return;
  seedBulkVault(ctx);
  ctx.clusters.forEach((cluster, index) => {
    for (const es of bulkExternalSecrets(
      cluster,
      index,
      ctx.clusters.length,
      total,
    ))
      cluster.store.create(REF.externalSecrets, es);
  });
}
