import {
  clusterProgress,
  makeDetail,
} from '../../__testUtils__/rotationFixtures';
import { clusterTimeline } from './clusterTimeline';

const written = '2026-12-01T10:00:00.000Z';
const rotation = makeDetail({
  versionAfter: 5,
  events: [
    { at: written, type: 'written', message: 'Vault version 5 written' },
  ],
});
const steps = (c: ReturnType<typeof clusterProgress>) =>
  clusterTimeline(rotation, c).map(s => [s.step, s.status, s.at, s.note]);

describe('clusterTimeline', () => {
  it('a landed cluster the rotation restarts: every step done, verified at write + propagation', () => {
    expect(
      steps(
        clusterProgress('prod-us', 'landed', {
          startedAt: written,
          propagationSeconds: 2.5,
          finishedAt: '2026-12-01T10:00:09.000Z',
        }),
      ),
    ).toEqual([
      ['written', 'done', written, 'version 5'],
      ['syncing', 'done', written, undefined],
      ['verified', 'done', '2026-12-01T10:00:02.500Z', undefined],
      [
        'restarted',
        'done',
        '2026-12-01T10:00:09.000Z',
        'StatefulSet payments/ledger',
      ],
    ]);
  });

  it('where Reloader restarts the workload, the rotation restarts nothing', () => {
    const [, , , restarted] = clusterTimeline(
      rotation,
      clusterProgress('prod-eu', 'landed', { propagationSeconds: 1 }),
    );
    expect(restarted).toMatchObject({
      status: 'not-needed',
      note: 'nothing for the rotation to restart here',
    });
  });

  it('a running cluster shows the step it is on; only finished steps have a time', () => {
    expect(
      steps(clusterProgress('prod-us', 'verifying', { startedAt: written })),
    ).toEqual([
      ['written', 'done', written, 'version 5'],
      ['syncing', 'done', written, undefined],
      ['verified', 'active', undefined, undefined],
      ['restarted', 'not-reached', undefined, 'StatefulSet payments/ledger'],
    ]);
    expect(
      steps(clusterProgress('prod-us', 'pending', { startedAt: written }))[1],
    ).toEqual(['syncing', 'not-reached', undefined, undefined]);
  });

  it('a timed-out cluster without proof fails at verification, with when and why', () => {
    const [, syncing, verified, restarted] = clusterTimeline(
      rotation,
      clusterProgress('prod-us', 'timed-out', {
        reason: 'store vault is not Ready',
        finishedAt: '2026-12-01T10:05:00.000Z',
      }),
    );
    expect(syncing.status).toBe('done');
    expect(verified).toMatchObject({
      status: 'failed',
      at: '2026-12-01T10:05:00.000Z',
      note: 'store vault is not Ready',
    });
    expect(restarted.status).toBe('not-reached');
  });

  it('a cluster that landed the data but whose rollout failed fails at the restart', () => {
    const [, , verified, restarted] = clusterTimeline(
      rotation,
      clusterProgress('prod-us', 'failed', {
        propagationSeconds: 3,
        reason: 'rollout of StatefulSet payments/ledger did not complete',
        finishedAt: '2026-12-01T10:06:00.000Z',
      }),
    );
    expect(verified.status).toBe('done');
    expect(restarted).toMatchObject({
      status: 'failed',
      note: 'rollout of StatefulSet payments/ledger did not complete',
    });
  });
});
