import type { RotationRecord } from '../../database/RotationStore';
import { listFleetRotations } from './fleetRotations';

const now = Date.parse('2026-12-01T12:00:00.000Z');

function record(id: string, entityRef: string): Omit<RotationRecord, 'events'> {
  return {
    rotation: {
      id,
      kind: 'rotation',
      trigger: 'user',
      state: 'partially-failed',
      entityRef,
      groupId: 'g',
      keyId: `k-${id}`,
      requestedBy: 'user:default/alice',
      reason: 'quarterly',
      plan: {
        vault: { serverName: 'vault', mount: 'secret', path: 'payments/db' },
        clusters: [{ cluster: 'prod-eu', externalSecrets: [] }],
      },
      error: 'prod-eu did not land',
      createdAt: '2026-12-01T11:00:00.000Z',
      updatedAt: '2026-12-01T11:01:00.000Z',
      finishedAt: '2026-12-01T11:01:00.000Z',
      versionBefore: 3,
      versionAfter: 4,
    },
    targets: [
      {
        cluster: 'prod-eu',
        state: 'timed-out',
        reason: 'store not ready',
        detail: { propagationMs: 5 },
        startedAt: '2026-12-01T11:00:00.000Z',
        updatedAt: '2026-12-01T11:01:00.000Z',
      },
    ],
  };
}

describe('listFleetRotations', () => {
  it("asks for the last day's failures and answers summaries with cluster states only", async () => {
    const store = {
      listFleet: jest.fn(async () => ({
        inFlight: [],
        failed: [record('r1', 'component:default/a')],
      })),
    };
    const res = await listFleetRotations(
      store,
      { credentials: {} as never },
      now,
    );
    expect(store.listFleet).toHaveBeenCalledWith({
      failedStates: ['failed', 'partially-failed', 'interrupted'],
      finishedSince: '2026-11-30T12:00:00.000Z',
      limit: 500,
    });
    expect(res.since).toBe('2026-11-30T12:00:00.000Z');
    expect(res.failed).toEqual([
      expect.objectContaining({
        id: 'r1',
        state: 'partially-failed',
        error: 'prod-eu did not land',
        versionAfter: 4,
        vault: { serverName: 'vault', mount: 'secret', path: 'payments/db' },
        clusters: [
          { cluster: 'prod-eu', state: 'timed-out', reason: 'store not ready' },
        ],
      }),
    ]);
    // the stored plan and step details stay on the server
    expect(res.failed[0]).not.toHaveProperty('plan');
  });

  it("keeps only the scope's entities", async () => {
    const store = {
      listFleet: jest.fn(async () => ({
        inFlight: [
          record('mine', 'component:default/a'),
          record('theirs', 'component:default/b'),
        ],
        failed: [record('theirs2', 'component:default/b')],
      })),
    };
    const res = await listFleetRotations(
      store,
      {
        credentials: {} as never,
        scope: { entityRefs: new Set(['component:default/a']) },
      },
      now,
    );
    expect(res.inFlight.map(r => r.id)).toEqual(['mine']);
    expect(res.failed).toEqual([]);
  });
});
