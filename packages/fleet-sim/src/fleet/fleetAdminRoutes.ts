/*
 * Binds the admin API's routes to a running fleet: kube API server faults, Vault faults, ESO
 * installs/upgrades/removals, and store auth faults / bumps inside a cluster.
 */
import { parseVaultFault, type VaultServerHandle } from '../vault';
import { REF } from '../scenarios/objects';
import type { EsoFlavour } from '../scenarios/types';
import type { AdminAction, AdminRoutes } from './adminApi';
import type { FleetCluster } from './FleetCluster';
import type { StoreAuthFaults, StoreLocator } from './storeAuthFaults';

function locator(body: Record<string, unknown>): StoreLocator {
  const kind =
    body.kind === 'SecretStore' || body.kind === 'ClusterSecretStore'
      ? body.kind
      : undefined;
  if (!kind || typeof body.name !== 'string')
    throw new Error(
      'expected {kind: SecretStore|ClusterSecretStore, namespace?, name}',
    );
  if (kind === 'SecretStore' && typeof body.namespace !== 'string')
    throw new Error('a SecretStore needs a namespace');
  return {
    kind,
    name: body.name,
    namespace: typeof body.namespace === 'string' ? body.namespace : undefined,
  };
}

const ESO_FLAVOURS: EsoFlavour[] = ['v1', 'v1beta1-only', 'none'];

function esoFlavour(body: Record<string, unknown>): EsoFlavour {
  const flavour = ESO_FLAVOURS.find(f => f === body.flavour);
  if (!flavour)
    throw new Error(`expected {flavour: ${ESO_FLAVOURS.join('|')}}`);
  return flavour;
}

function str(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !value)
    throw new Error(`expected {${field}: string}`);
  return value;
}

export function fleetAdminRoutes(options: {
  clusters: FleetCluster[];
  vault: VaultServerHandle;
  storeFaults: Map<string, StoreAuthFaults>;
  now: () => string;
  summary: () => unknown;
}): AdminRoutes {
  const { vault } = options;
  const vaultActions: Record<string, AdminAction> = {
    seal: () => vault.seal(),
    unseal: () => vault.unseal(),
    down: () => vault.stop(),
    up: () => vault.start(),
    'revoke-token': body => vault.revokeToken(str(body, 'token')),
    // an empty body clears the faults not yet used up
    faults: body =>
      Object.keys(body).length === 0
        ? { cleared: vault.clearFaults() }
        : vault.injectFault(parseVaultFault(body)),
  };
  return {
    fleet: options.summary,
    vault: vaultActions,
    cluster(name) {
      const cluster = options.clusters.find(c => c.name === name);
      if (!cluster) return undefined;
      const { faults } = cluster.api;
      const storeFaults = options.storeFaults.get(name)!;
      return {
        down: () => faults.down(),
        up: () => faults.up(),
        latency: body => {
          faults.latencyMs = Number(body.ms ?? 0);
        },
        fail5xx: body =>
          Object.keys(body).length === 0
            ? faults.clear5xx()
            : faults.fail5xx({
                next: body.next === undefined ? undefined : Number(body.next),
                rate: body.rate === undefined ? undefined : Number(body.rate),
                code: body.code === 503 ? 503 : 500,
              }),
        'cut-watches': () => ({ cut: faults.cutWatches() }),
        compact: () => faults.compact(),
        'revoke-token': body => faults.revokeToken(str(body, 'token')),
        eso: body => {
          cluster.setEso(esoFlavour(body));
          return { flavour: cluster.esoFlavour };
        },
        'eso/stop': () => cluster.stopEso(),
        'eso/start': () => cluster.startEso(),
        'stores/break': body => storeFaults.break(locator(body)),
        'stores/fix': body => ({ fixed: storeFaults.fix(locator(body)) }),
        'stores/bump': body => {
          const loc = locator(body);
          const ref =
            loc.kind === 'ClusterSecretStore'
              ? REF.clusterSecretStores
              : REF.secretStores;
          cluster.store.mergePatch(ref, loc.namespace, loc.name, {
            metadata: { annotations: { 'force-sync': options.now() } },
          });
        },
      };
    },
  };
}
