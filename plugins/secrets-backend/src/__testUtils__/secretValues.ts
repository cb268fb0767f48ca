import type { FleetHandle } from '@internal/fleet-sim';

const SECRETS = { group: '', resource: 'secrets' };

/**
 * Every value the fleet holds in a Secret (all of them ESO copied from Vault, or credentials the
 * stores use), plus the fleet's tokens. Values equal to a public identifier (part of an object
 * name, a namespace, a label value) or too short to be meaningful cannot prove a leak and are left out.
 */
export function collectSecretValues(fleet: FleetHandle): string[] {
  const values = new Set<string>([
    fleet.vault.rootToken,
    ...fleet.appConfig.secrets.vault.map(v => v.auth.token),
  ]);
  const identifiers = new Set<string>();
  for (const cluster of fleet.clusters) {
    values.add(cluster.pluginToken);
    for (const ns of cluster.store.list({ group: '', resource: 'namespaces' }))
      identifiers.add(ns.metadata.name);
    for (const s of cluster.store.list(SECRETS)) {
      for (const v of Object.values((s as any).data ?? {}))
        values.add(Buffer.from(String(v), 'base64').toString('utf8'));
    }
    for (const ref of [
      { group: 'external-secrets.io', resource: 'externalsecrets' },
      { group: 'apps', resource: 'deployments' },
      SECRETS,
    ]) {
      for (const o of cluster.store.list(ref)) {
        identifiers.add(o.metadata.name);
        for (const l of Object.values(o.metadata.labels ?? {}))
          identifiers.add(String(l));
      }
    }
  }
  const ids = [...identifiers];
  return [...values].filter(
    v => v.length >= 6 && !ids.some(id => id.includes(v)),
  );
}
