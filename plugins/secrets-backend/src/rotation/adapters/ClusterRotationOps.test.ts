import { mockServices } from '@backstage/backend-test-utils';
import type { PlanWorkload } from '@secrets-plugin/plugin-secrets-common';
import { ClusterCache } from '../../cluster/ClusterCache';
import type { ClusterWriter } from '../../cluster/ClusterWriter';
import { KubeApiError } from '../../cluster/KubeHttp';
import {
  projectExternalSecret,
  projectWorkload,
} from '../../cluster/projections';
import {
  planCluster,
  planExternalSecret,
} from '../../__testUtils__/rotationFixtures';
import { ClusterRotationOps } from './ClusterRotationOps';

const WRITTEN_AT = '2026-12-01T10:00:00.400Z';

function setup() {
  // never started: the test writes the cluster's data as its watchers would
  let now = Date.parse(WRITTEN_AT);
  const cache = new ClusterCache(
    [
      {
        name: 'prod-eu',
        url: 'https://127.0.0.1:1',
        auth: { type: 'serviceAccount', token: 't' },
        skipTLSVerify: true,
        source: 'secrets.clusters',
      },
    ],
    { maxBackoffMs: 1000, discoveryIntervalMs: 60_000, staleMarginMs: 0 },
    mockServices.logger.mock(),
    () => now,
  );
  const watch = cache.cluster('prod-eu')!;
  const data = watch.data;
  const calls: string[] = [];
  const refusals = new Map<string, KubeApiError>();
  let generation = 1;
  const record = (call: string) => {
    calls.push(call);
    const refused = refusals.get(call.split(' ')[0]);
    if (refused) throw refused;
  };
  const writer = {
    forceSyncExternalSecret: async (
      r: { namespace: string; name: string },
      v: string,
    ) => record(`es:${r.namespace}/${r.name} ${v}`),
    forceSyncClusterExternalSecret: async (name: string, v: string) =>
      record(`ces:${name} ${v}`),
    restartWorkload: async (w: PlanWorkload, v: string) => {
      record(`${w.kind}:${w.namespace}/${w.name} ${v}`);
      return { generation: ++generation };
    },
  } as unknown as ClusterWriter;
  jest.spyOn(cache, 'writer').mockReturnValue(writer);
  const ops = new ClusterRotationOps(cache, {
    verifyTimeoutMs: 300,
    restartTimeoutMs: 300,
  });
  const es = (
    name: string,
    refreshTime: string,
    ready = 'True',
    message?: string,
  ) =>
    data.externalSecrets.upsert(
      `payments/${name}`,
      projectExternalSecret({
        metadata: { namespace: 'payments', name },
        spec: {
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        },
        status: {
          refreshTime,
          conditions: [{ type: 'Ready', status: ready, message }],
        },
      }),
    );
  const secret = (name: string, dataHash: string) =>
    data.secrets.upsert(`payments/${name}`, {
      namespace: 'payments',
      name,
      dataHash,
    });
  const deployment = (
    gen: number,
    observed: number,
    updated: number,
    paused = false,
  ) =>
    data.workloadSink('Deployment').upsert(
      'payments/payments-api',
      projectWorkload('Deployment')({
        metadata: {
          namespace: 'payments',
          name: 'payments-api',
          generation: gen,
        },
        spec: { replicas: 2, paused, template: { spec: {} } },
        status: {
          observedGeneration: observed,
          replicas: 2,
          updatedReplicas: updated,
          availableReplicas: updated,
        },
      }),
    );
  return {
    cache,
    watch,
    ops,
    calls,
    refusals,
    es,
    secret,
    deployment,
    advance: (ms: number) => (now += ms),
  };
}

describe('ClusterRotationOps.forceSync', () => {
  it('force-syncs direct readers and each ClusterExternalSecret parent once, with the rotation id', async () => {
    const { ops, calls } = setup();
    const outcome = await ops.forceSync(
      planCluster({
        externalSecrets: [
          planExternalSecret({ name: 'db' }),
          planExternalSecret({
            namespace: 'a',
            name: 'shared',
            via: { kind: 'ClusterExternalSecret', name: 'shared' },
          }),
          planExternalSecret({
            namespace: 'b',
            name: 'shared',
            via: { kind: 'ClusterExternalSecret', name: 'shared' },
          }),
        ],
      }),
      'rot-1',
    );
    expect(outcome).toEqual({ outcome: 'done', detail: { forceSynced: 2 } });
    expect(calls.sort()).toEqual(['ces:shared rot-1', 'es:payments/db rot-1']);
  });

  it("fails with the API's reason when a write is refused", async () => {
    const { ops, refusals } = setup();
    refusals.set(
      'es:payments/db',
      new KubeApiError(
        'externalsecrets.external-secrets.io "db" is forbidden: User "system:serviceaccount:backstage:secrets-plugin" cannot patch resource',
        403,
        'Forbidden',
      ),
    );
    const outcome = await ops.forceSync(
      planCluster({ externalSecrets: [planExternalSecret({ name: 'db' })] }),
      'rot-1',
    );
    expect(outcome).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining(
        'ExternalSecret payments/db: externalsecrets.external-secrets.io "db" is forbidden',
      ),
    });
  });
});

describe('ClusterRotationOps.verify', () => {
  const cluster = planCluster({
    externalSecrets: [
      planExternalSecret({
        name: 'db',
        target: { name: 'db', exists: true, dataHash: 'old' },
      }),
      planExternalSecret({
        name: 'new',
        target: { name: 'new', exists: false },
      }),
    ],
  });

  it('is done once every reader synced after the write with a new data-hash, with the propagation time', async () => {
    const s = setup();
    s.es('db', '2026-12-01T09:00:00Z');
    s.secret('db', 'old');
    s.es('new', '2026-12-01T09:00:00Z', 'False');
    const verdict = s.ops.verify(cluster, WRITTEN_AT, {});
    await Promise.resolve();
    // synced in the write's second: the new hash, not the timestamp, proves it
    s.advance(1500);
    s.es('db', '2026-12-01T10:00:00Z');
    s.secret('db', 'new-hash');
    s.es('new', '2026-12-01T10:00:01Z');
    s.secret('new', 'first-hash');
    await expect(verdict).resolves.toEqual({
      outcome: 'done',
      detail: { propagationMs: 1500 },
    });
  });

  it("trusts the cluster's clock, not ours: a sync stamped before our write counts when it is newer than the plan's and changed the data", async () => {
    const s = setup();
    const skewed = planCluster({
      externalSecrets: [
        planExternalSecret({
          name: 'db',
          target: { name: 'db', exists: true, dataHash: 'old' },
          lastSyncAt: '2026-12-01T08:00:00Z',
        }),
      ],
    });
    s.es('db', '2026-12-01T08:00:00Z');
    s.secret('db', 'old');
    const verdict = s.ops.verify(skewed, WRITTEN_AT, {});
    await Promise.resolve();
    // the cluster's clock runs a minute behind the backend's
    s.es('db', '2026-12-01T09:59:00Z');
    s.secret('db', 'new-hash');
    await expect(verdict).resolves.toMatchObject({ outcome: 'done' });
  });

  it('does not count a sync older than the one the plan saw, and counts one in the same second that changed the data', async () => {
    const s = setup();
    const planned = planCluster({
      externalSecrets: [
        planExternalSecret({
          name: 'db',
          target: { name: 'db', exists: true, dataHash: 'old' },
          lastSyncAt: '2026-12-01T10:00:05Z',
        }),
      ],
    });
    s.es('db', '2026-12-01T10:00:04Z');
    s.secret('db', 'other-hash');
    const outcome = await s.ops.verify(planned, WRITTEN_AT, {});
    expect((outcome as any).reason).toMatch(
      /payments\/db has not synced since the write/,
    );
    // ESO's refreshTime has whole seconds: a sync in the plan's second is told by its new data
    s.es('db', '2026-12-01T10:00:05Z');
    await expect(s.ops.verify(planned, WRITTEN_AT, {})).resolves.toMatchObject({
      outcome: 'done',
    });
  });

  it('times out naming the readers still behind and their cause', async () => {
    const s = setup();
    s.es('db', '2026-12-01T10:00:01Z');
    s.secret('db', 'old'); // synced, but the same data
    s.es('new', '2026-12-01T09:00:00Z', 'False', 'could not get secret data');
    const outcome = await s.ops.verify(cluster, WRITTEN_AT, {});
    expect(outcome.outcome).toBe('timed-out');
    expect((outcome as any).reason).toMatch(
      /^2 ExternalSecret\(s\) without the new version after 0s: payments\/db synced, but its target Secret data is unchanged; payments\/new is not Ready \(could not get secret data\)$/,
    );
  });

  it('fails at once when the cluster is unreachable', async () => {
    const s = setup();
    jest.spyOn(s.watch, 'status').mockReturnValue({
      state: 'unreachable',
      esoApiVersion: 'v1',
      synced: true,
      lastError: new KubeApiError('connect ECONNREFUSED'),
    });
    await expect(s.ops.verify(cluster, WRITTEN_AT, {})).resolves.toEqual({
      outcome: 'failed',
      reason: 'cluster prod-eu is unreachable: connect ECONNREFUSED',
      detail: undefined,
    });
  });
});

describe('ClusterRotationOps.restart', () => {
  const ours = planCluster({
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        restartedBy: 'us',
        secrets: ['payments-db'],
      },
      {
        kind: 'StatefulSet',
        namespace: 'payments',
        name: 'reloaded',
        restartedBy: 'Reloader',
        secrets: ['payments-db'],
      },
    ],
  });

  it('restarts only what nobody else restarts and waits for the patched generation to roll out', async () => {
    const s = setup();
    s.deployment(1, 1, 2); // complete, but from before the patch
    const verdict = s.ops.restart(ours, 'rot-1', {});
    let settled = false;
    verdict.then(() => (settled = true));
    await new Promise(r => setTimeout(r, 20));
    expect(s.calls).toEqual(['Deployment:payments/payments-api rot-1']);
    s.deployment(2, 2, 1); // rolling
    await new Promise(r => setTimeout(r, 20));
    expect(settled).toBe(false);
    s.advance(4000);
    s.deployment(2, 2, 2);
    await expect(verdict).resolves.toEqual({
      outcome: 'done',
      detail: { restarted: 1, rolloutMs: 4000 },
    });
  });

  it('times out naming the workload and its replicas', async () => {
    const s = setup();
    s.deployment(2, 2, 1);
    await expect(s.ops.restart(ours, 'rot-1', {})).resolves.toMatchObject({
      outcome: 'timed-out',
      reason:
        'rollout not complete after 0s: Deployment payments/payments-api (updated 1/2, available 1/2)',
    });
  });

  it('refuses a paused Deployment before patching anything, as kubectl does', async () => {
    const s = setup();
    s.deployment(1, 1, 2, true);
    await expect(s.ops.restart(ours, 'rot-1', {})).resolves.toMatchObject({
      outcome: 'failed',
      reason:
        'Deployment payments/payments-api: paused, resume the rollout first',
    });
    expect(s.calls).toEqual([]);
  });

  it('has nothing to do when other tools restart every consumer', async () => {
    const s = setup();
    await expect(s.ops.restart(planCluster(), 'rot-1', {})).resolves.toEqual({
      outcome: 'done',
      detail: { restarted: 0 },
    });
    expect(s.calls).toEqual([]);
  });
});
