import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { RotationEventSink } from '../rotation/engine/ports';
import {
  createRotationMetrics,
  meteredRotationEvents,
} from './rotationMetrics';

type Recorded = [string, number, Record<string, unknown> | undefined];

/** Records every counter increment and histogram value by instrument name. */
function recordingMetrics() {
  const seen: Recorded[] = [];
  const names: string[] = [];
  const instrument = (name: string) => {
    names.push(name);
    const push = (v: number, a?: Record<string, unknown>) =>
      seen.push([name, v, a]);
    return { add: push, record: push };
  };
  const metrics = {
    createCounter: instrument,
    createHistogram: instrument,
  } as unknown as MetricsService;
  return { metrics, seen, names };
}

describe('createRotationMetrics', () => {
  it('counts rotations by terminal state only', () => {
    const { metrics, seen } = recordingMetrics();
    const m = createRotationMetrics(metrics);
    m.rotationFinished('writing');
    m.rotationFinished('succeeded');
    m.rotationFinished('partially-failed');
    expect(seen).toEqual([
      ['secrets.rotations', 1, { outcome: 'succeeded' }],
      ['secrets.rotations', 1, { outcome: 'partially-failed' }],
    ]);
  });

  it('records canary propagation in seconds, and failures by cluster', () => {
    const { metrics, seen } = recordingMetrics();
    const m = createRotationMetrics(metrics);
    m.probed({ cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 1500 });
    m.probed({ cluster: 'prod-us', outcome: 'failed', reason: 'unreachable' });
    m.probed({ cluster: 'prod-eu', outcome: 'timed-out', reason: 'late' });
    expect(seen).toEqual([
      ['secrets.canary.propagation', 1.5, { cluster: 'dev-eu' }],
      ['secrets.canary.failures', 1, { cluster: 'prod-us' }],
      ['secrets.canary.failures', 1, { cluster: 'prod-eu' }],
    ]);
  });

  it('never labels by anything but outcome and cluster', () => {
    const { metrics, seen, names } = recordingMetrics();
    const m = createRotationMetrics(metrics);
    m.rotationFinished('failed');
    m.rotationPropagated('dev-eu', 2);
    m.probed({ cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 1 });
    m.probed({ cluster: 'dev-eu', outcome: 'failed' });
    expect(names.sort()).toEqual([
      'secrets.canary.failures',
      'secrets.canary.propagation',
      'secrets.rotation.propagation',
      'secrets.rotations',
    ]);
    expect(new Set(seen.map(s => s[0])).size).toBe(4);
    for (const [, , attributes] of seen)
      for (const key of Object.keys(attributes ?? {}))
        expect(['outcome', 'cluster']).toContain(key);
  });
});

describe('meteredRotationEvents', () => {
  function setup(propagationMs: number | undefined | Error) {
    const { metrics, seen } = recordingMetrics();
    const calls: string[] = [];
    const inner: RotationEventSink = {
      stateChanged: async (id, state) => {
        calls.push(`${id} ${state}`);
      },
      clusterChanged: async (id, cluster, state) => {
        calls.push(`${id} ${cluster} ${state}`);
      },
    };
    const lookup = jest.fn(async () => {
      if (propagationMs instanceof Error) throw propagationMs;
      return propagationMs;
    });
    const events = meteredRotationEvents(
      inner,
      createRotationMetrics(metrics),
      lookup,
    );
    return { events, seen, calls, lookup };
  }

  it('passes every event on, counts outcomes and records the propagation of a landed cluster', async () => {
    const s = setup(2500);
    await s.events.clusterChanged('r1', 'prod-eu', 'verifying');
    await s.events.clusterChanged('r1', 'prod-eu', 'landed');
    await s.events.stateChanged('r1', 'succeeded');
    expect(s.calls).toEqual([
      'r1 prod-eu verifying',
      'r1 prod-eu landed',
      'r1 succeeded',
    ]);
    expect(s.lookup).toHaveBeenCalledTimes(1);
    expect(s.lookup).toHaveBeenCalledWith('r1', 'prod-eu');
    expect(s.seen).toEqual([
      ['secrets.rotation.propagation', 2.5, { cluster: 'prod-eu' }],
      ['secrets.rotations', 1, { outcome: 'succeeded' }],
    ]);
  });

  it('never fails the rotation when the propagation time cannot be read', async () => {
    const s = setup(new Error('database gone'));
    await expect(
      s.events.clusterChanged('r1', 'prod-eu', 'landed'),
    ).resolves.toBeUndefined();
    expect(s.seen).toEqual([]);
  });
});
