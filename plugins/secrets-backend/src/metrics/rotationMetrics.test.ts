import type {
  MetricOptions,
  MetricsService,
} from '@backstage/backend-plugin-api/alpha';
import type { RotationEventSink } from '../rotation/engine/ports';
import {
  createRotationMetrics,
  meteredRotationEvents,
  PROPAGATION_BUCKETS_SECONDS,
} from './rotationMetrics';

type Recorded = [string, number, Record<string, unknown> | undefined];

/** Records every counter increment and histogram value by instrument name. */
function recordingMetrics() {
  const seen: Recorded[] = [];
  const names: string[] = [];
  const options = new Map<string, MetricOptions | undefined>();
  const instrument = (name: string, opts?: MetricOptions) => {
    names.push(name);
    options.set(name, opts);
    const push = (v: number, a?: Record<string, unknown>) =>
      seen.push([name, v, a]);
    return { add: push, record: push };
  };
  const metrics = {
    createCounter: instrument,
    createHistogram: instrument,
  } as unknown as MetricsService;
  return { metrics, seen, names, options };
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

describe('propagation histogram buckets', () => {
  it('advise seconds-scale boundaries to both propagation histograms, not the SDK defaults', () => {
    const { metrics, options } = recordingMetrics();
    createRotationMetrics(metrics);
    for (const name of [
      'secrets.rotation.propagation',
      'secrets.canary.propagation',
    ])
      expect(options.get(name)).toMatchObject({
        unit: 's',
        advice: {
          explicitBucketBoundaries: [
            0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600,
          ],
        },
      });
    expect(PROPAGATION_BUCKETS_SECONDS).toEqual(
      [...PROPAGATION_BUCKETS_SECONDS].sort((a, b) => a - b),
    );
  });

  it('tell apart the propagation times a fleet sees (one bucket each for 1 s, 4 s, 45 s, 4 min)', () => {
    const bucketOf = (seconds: number) =>
      PROPAGATION_BUCKETS_SECONDS.findIndex(le => seconds <= le);
    const buckets = [1, 4, 45, 240].map(bucketOf);
    expect(new Set(buckets).size).toBe(4);
    // the SDK's default first boundaries were 0 and 5: 1 s and 4 s were one bucket
    expect(buckets.every(b => b >= 0)).toBe(true);
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
