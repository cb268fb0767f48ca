import type { FleetHandle } from '@internal/fleet-sim';
import { demoEntities } from '../../../__testUtils__/demoFleet';
import { collectSecretValues } from '../../../__testUtils__/secretValues';
import { LeakScanner } from './LeakScanner';
import { collectVaultValues } from './vaultValues';

/** Names anyone may see: namespaces, object names and label values of every cluster, entities. */
export function publicIdentifiers(fleet: FleetHandle): Set<string> {
  const ids = new Set<string>(demoEntities.map(e => e.metadata.name));
  for (const cluster of fleet.clusters) {
    for (const ns of cluster.store.list({ group: '', resource: 'namespaces' }))
      ids.add(ns.metadata.name);
    for (const ref of [
      { group: 'external-secrets.io', resource: 'externalsecrets' },
      { group: 'external-secrets.io', resource: 'clusterexternalsecrets' },
      { group: 'apps', resource: 'deployments' },
      { group: '', resource: 'secrets' },
    ]) {
      for (const o of cluster.store.list(ref)) {
        ids.add(o.metadata.name);
        for (const l of Object.values(o.metadata.labels ?? {}))
          ids.add(String(l));
      }
    }
  }
  return ids;
}

/**
 * A scanner holding every value the fleet's Vault holds now (all namespaces, mounts, paths and
 * versions, read over HTTP as root), every value in a cluster's Secrets, the fleet's tokens, and
 * `generated` (what the rotators made during the test).
 */
export async function fleetLeakScanner(
  fleet: FleetHandle,
  generated: string[] = [],
): Promise<{ scanner: LeakScanner; vaultValues: number }> {
  const scanner = new LeakScanner(publicIdentifiers(fleet));
  const vault = await collectVaultValues({
    url: fleet.vault.url,
    token: fleet.vault.rootToken,
    caCertPem: fleet.vault.caCertPem,
  });
  for (const v of vault) scanner.add(v.value, `vault ${v.origin}`);
  for (const v of collectSecretValues(fleet))
    scanner.add(v, 'cluster Secret or token');
  generated.forEach((v, i) => scanner.add(v, `rotator value ${i}`));
  return { scanner, vaultValues: vault.length };
}
