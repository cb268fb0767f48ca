import { startFleet, type FleetHandle } from '../../fleet/startFleet';
import { COMPONENT_LABEL, REF } from '../objects';
import { BULK_COMPONENT, bulkCount, bulkKeyOf, MAX_BULK } from './demoBulk';

const ready = (o: any) =>
  o.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;

const bulkOf = (fleet: FleetHandle) =>
  fleet.clusters.flatMap(c =>
    c.store
      .list(REF.externalSecrets)
      .filter(es => es.metadata.labels?.[COMPONENT_LABEL] === BULK_COMPONENT)
      .map(es => ({ cluster: c.name, es })),
  );

describe('SECRETS_DEMO_BULK', () => {
  it('is off unless set, and refuses what is not a count', () => {
    expect(bulkCount(undefined)).toBe(0);
    expect(bulkCount('')).toBe(0);
    expect(bulkCount('500')).toBe(500);
    for (const bad of ['-1', '2.5', 'many', String(MAX_BULK + 1)])
      expect(() => bulkCount(bad)).toThrow(/SECRETS_DEMO_BULK/);
  });

  it('reads a missing Vault key for every tenth ExternalSecret only', () => {
    const keys = Array.from({ length: 40 }, (_, i) => bulkKeyOf(i));
    expect(keys.filter(k => k.includes('/retired-'))).toHaveLength(4);
    expect(new Set(keys.filter(k => k.includes('/key-'))).size).toBe(12);
  });

  describe('in the demo', () => {
    const saved = process.env.SECRETS_DEMO_BULK;
    afterEach(() => {
      if (saved === undefined) delete process.env.SECRETS_DEMO_BULK;
      else process.env.SECRETS_DEMO_BULK = saved;
    });

    it('seeds nothing when unset', async () => {
      delete process.env.SECRETS_DEMO_BULK;
      const fleet = await startFleet({ scenario: 'demo', history: false });
      try {
        expect(bulkOf(fleet)).toHaveLength(0);
      } finally {
        await fleet.stop();
      }
    }, 60_000);

    it('seeds N ExternalSecrets over every cluster that ESO syncs, a tenth failing', async () => {
      process.env.SECRETS_DEMO_BULK = '30';
      const fleet = await startFleet({ scenario: 'demo', history: false });
      try {
        await fleet.warp(30_000);
        const bulk = bulkOf(fleet);
        expect(bulk).toHaveLength(30);
        const perCluster = fleet.clusters.map(
          c => bulk.filter(b => b.cluster === c.name).length,
        );
        expect(perCluster).toEqual([10, 10, 10]);
        const failing = bulk.filter(b => ready(b.es) === 'False');
        const synced = bulk.filter(b => ready(b.es) === 'True');
        expect(failing.map(b => b.es.metadata.name).sort()).toEqual([
          'bulk-secrets-0009',
          'bulk-secrets-0019',
          'bulk-secrets-0029',
        ]);
        expect(synced).toHaveLength(27);
      } finally {
        await fleet.stop();
      }
    }, 90_000);
  });
});
