import { validateEsoObject } from '../kube/schema/esoSchemas';
import { startFleet, type FleetHandle } from '../fleet/startFleet';
import { REF } from './objects';

describe('scale scenario', () => {
  let fleet: FleetHandle;
  beforeAll(async () => {
    fleet = await startFleet({
      scenario: 'scale',
      clusters: 2,
      perCluster: 60,
      tls: false,
      reconcileLatencyMs: 0,
    });
  }, 60_000);
  afterAll(() => fleet?.stop());

  const vaultReads = () =>
    Object.entries(fleet.vault.requestCounts())
      .filter(([k]) => k.startsWith('GET scale/data/'))
      .reduce((n, [, v]) => n + v, 0);

  it('seeds N clusters x M ExternalSecrets already synced and CRD-valid', async () => {
    expect(fleet.clusters.map(c => c.name)).toEqual([
      'cluster-000',
      'cluster-001',
    ]);
    await fleet.warp(1_000);
    for (const c of fleet.clusters) {
      const all = c.store.list(REF.externalSecrets);
      expect(all).toHaveLength(60);
      expect(
        all.every(
          es => (es.status as any).conditions[0].reason === 'SecretSynced',
        ),
      ).toBe(true);
      expect(validateEsoObject(all[7])).toEqual({ valid: true, errors: [] });
      expect(
        c.store
          .list(REF.secrets)
          .filter(
            s =>
              s.metadata.labels?.['reconcile.external-secrets.io/managed'] ===
              'true',
          ),
      ).toHaveLength(60);
    }
    // ESO started in steady state: no ExternalSecret needed a provider call
    expect(vaultReads()).toBe(0);
  });

  it('refreshes each ExternalSecret once per interval, spread over the hour', async () => {
    await fleet.warp(30 * 60_000);
    const half = vaultReads();
    // two data entries per ExternalSecret; about half of them came due in 30 minutes
    expect(half).toBeGreaterThan(2 * 120 * 0.4);
    expect(half).toBeLessThan(2 * 120 * 0.6);
    await fleet.warp(30 * 60_000);
    expect(vaultReads()).toBe(2 * 120);
  }, 60_000);
});
