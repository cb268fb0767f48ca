import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { ClusterCanary } from '@secrets-plugin/plugin-secrets-common';
import { ClusterCache } from '../cluster/ClusterCache';
import type { ClusterWriter } from '../cluster/ClusterWriter';
import type { ClusterStatus } from '../cluster/ClusterWatch';
import { projectExternalSecret } from '../cluster/projections';
import type { CanaryConfig } from '../config/readCanaryConfig';
import { ClusterRotationOps } from '../rotation/adapters/ClusterRotationOps';
import { CanaryProbe } from './CanaryProbe';
import type { CanaryResult, CanaryStore } from './CanaryStore';

const START = Date.parse('2026-12-01T10:00:00.400Z');

const CONFIG: CanaryConfig = {
  frequencyMs: 300_000,
  timeoutMs: 300,
  vault: {
    server: 'https://vault.example.com',
    mount: 'platform',
    key: 'canary',
    property: 'token',
  },
  target: { kind: 'ClusterExternalSecret', name: 'platform-canary' },
};

const clusterConfig = (name: string) => ({
  name,
  url: 'https://127.0.0.1:1',
  auth: { type: 'serviceAccount' as const, token: 't' },
  skipTLSVerify: true,
  source: 'secrets.clusters' as const,
});

/**
 * Two clusters that are never started: the test writes their data as the watchers would, and a
 * stand-in ESO re-syncs the canary's children when the ClusterExternalSecret is force-synced.
 */
function setup(config: CanaryConfig = CONFIG) {
  let now = START;
  const cache = new ClusterCache(
    [clusterConfig('dev-eu'), clusterConfig('prod-eu')],
    { maxBackoffMs: 1000, discoveryIntervalMs: 60_000, staleMarginMs: 0 },
    mockServices.logger.mock(),
    () => now,
  );
  const statuses = new Map<string, ClusterStatus>();
  for (const w of cache.clusters()) {
    statuses.set(w.config.name, {
      state: 'connected',
      esoApiVersion: 'v1',
      synced: true,
    });
    jest
      .spyOn(w, 'status')
      .mockImplementation(() => statuses.get(w.config.name)!);
  }
  const child = (c: string, namespace: string, refreshTime: string) =>
    cache.cluster(c)!.data.externalSecrets.upsert(
      `${namespace}/platform-canary`,
      projectExternalSecret({
        metadata: {
          namespace,
          name: 'platform-canary',
          ownerReferences: [
            { kind: 'ClusterExternalSecret', name: 'platform-canary' },
          ],
        },
        spec: {
          secretStoreRef: {
            kind: 'ClusterSecretStore',
            name: 'vault-platform',
          },
          target: { name: 'platform-canary' },
        },
        status: {
          refreshTime,
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
    );
  const secret = (c: string, namespace: string, dataHash: string) =>
    cache.cluster(c)!.data.secrets.upsert(`${namespace}/platform-canary`, {
      namespace,
      name: 'platform-canary',
      dataHash,
    });
  for (const c of ['dev-eu', 'prod-eu'])
    for (const ns of ['payments', 'search']) {
      child(c, ns, '2026-12-01T09:00:00Z');
      secret(c, ns, 'old');
    }

  /** What the stand-in ESO does on a force-sync: the new data-hash, or the old one. */
  const eso = new Map<string, 'changes' | 'unchanged' | 'refuses'>();
  const forceSynced: string[] = [];
  const writers = new Map<string, ClusterWriter>();
  jest.spyOn(cache, 'writer').mockImplementation(name => writers.get(name));
  const writerOf = (name: string) =>
    ({
      forceSyncClusterExternalSecret: async (ces: string, value: string) => {
        forceSynced.push(`${name} ${ces} ${value}`);
        const behaviour = eso.get(name) ?? 'changes';
        if (behaviour === 'refuses')
          throw new Error('clusterexternalsecrets is forbidden');
        setTimeout(() => {
          now = START + 700;
          for (const ns of ['payments', 'search']) {
            child(name, ns, '2026-12-01T10:00:01Z');
            secret(name, ns, behaviour === 'changes' ? `new-${ns}` : 'old');
          }
        }, 5);
      },
    } as unknown as ClusterWriter);
  for (const w of cache.clusters())
    writers.set(w.config.name, writerOf(w.config.name));

  const written: Array<{ data: Record<string, unknown>; cas: number }> = [];
  const kv = {
    readMetadata: jest.fn(async () => ({ currentVersion: 7 } as any)),
    writeVersion: jest.fn(
      async (
        _s: unknown,
        data: Record<string, unknown>,
        o: { cas: number },
      ) => {
        written.push({ data, cas: o.cas });
        return { version: o.cas + 1 };
      },
    ),
  };
  const recorded: Array<{
    probeId: string;
    at: string;
    results: CanaryResult[];
  }> = [];
  const store: CanaryStore = {
    record: async (probeId, at, results) => {
      recorded.push({ probeId, at, results });
    },
    latest: async () => new Map<string, ClusterCanary>(),
  };
  const observed: CanaryResult[] = [];
  const logger = mockServices.logger.mock();
  const probe = new CanaryProbe({
    config,
    kv,
    cache,
    clusters: new ClusterRotationOps(cache, {
      verifyTimeoutMs: config.timeoutMs,
      restartTimeoutMs: config.timeoutMs,
    }),
    store,
    observer: { probed: r => observed.push(r) },
    logger,
  });
  return {
    probe,
    cache,
    statuses,
    eso,
    kv,
    written,
    recorded,
    observed,
    forceSynced,
    logger,
  };
}

const logged = (logger: ReturnType<typeof mockServices.logger.mock>) =>
  JSON.stringify(
    [logger.info, logger.warn, logger.error, logger.debug].flatMap(
      f => f.mock.calls,
    ),
  );

describe('CanaryProbe', () => {
  it('writes a fresh value once, force-syncs every cluster and records the propagation time of each', async () => {
    const s = setup();
    const results = await s.probe.run();
    expect(results).toEqual([
      { cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 700 },
      { cluster: 'prod-eu', outcome: 'succeeded', propagationMs: 700 },
    ]);
    // one new version, check-and-set on the current one, only the canary's property
    expect(s.written).toHaveLength(1);
    expect(s.written[0].cas).toBe(7);
    expect(Object.keys(s.written[0].data)).toEqual(['token']);
    const value = String(s.written[0].data.token);
    expect(value.length).toBeGreaterThanOrEqual(24);
    const probeId = s.recorded[0].probeId;
    expect(s.forceSynced.sort()).toEqual([
      `dev-eu platform-canary ${probeId}`,
      `prod-eu platform-canary ${probeId}`,
    ]);
    expect(s.recorded).toEqual([
      { probeId, at: new Date(START).toISOString(), results },
    ]);
    expect(s.observed).toEqual(results);
    // the value stays in memory: not in what is stored, returned or logged
    expect(JSON.stringify(s.recorded)).not.toContain(value);
    expect(logged(s.logger)).not.toContain(value);
  });

  it('writes a new value every probe', async () => {
    const s = setup();
    await s.probe.run();
    await s.probe.run();
    expect(s.written[0].data.token).not.toEqual(s.written[1].data.token);
  });

  it('creates the key with cas 0 when it does not exist yet', async () => {
    const s = setup();
    s.kv.readMetadata.mockRejectedValueOnce(new NotFoundError('no key'));
    await s.probe.run();
    expect(s.written[0].cas).toBe(0);
  });

  it('records a down cluster as failed with its reason, without failing the others', async () => {
    const s = setup();
    s.statuses.set('prod-eu', {
      state: 'unreachable',
      esoApiVersion: 'v1',
      synced: true,
      lastError: { message: 'connect ECONNREFUSED 127.0.0.1:1' } as any,
    });
    const results = await s.probe.run();
    expect(results).toEqual([
      { cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 700 },
      {
        cluster: 'prod-eu',
        outcome: 'failed',
        reason:
          'cluster prod-eu is unreachable: connect ECONNREFUSED 127.0.0.1:1',
      },
    ]);
    expect(s.forceSynced.map(f => f.split(' ')[0])).toEqual(['dev-eu']);
  });

  it('times out a cluster whose canary Secret did not change, naming the laggards', async () => {
    const s = setup();
    s.eso.set('prod-eu', 'unchanged');
    const [dev, prod] = await s.probe.run();
    expect(dev.outcome).toBe('succeeded');
    expect(prod).toMatchObject({
      cluster: 'prod-eu',
      outcome: 'timed-out',
      reason: expect.stringContaining(
        'payments/platform-canary synced, but its target Secret data is unchanged',
      ),
    });
    expect(prod.propagationMs).toBeUndefined();
  });

  it('fails a cluster that refuses the force-sync, and one without the canary', async () => {
    const s = setup();
    s.eso.set('dev-eu', 'refuses');
    s.cache
      .cluster('prod-eu')!
      .data.externalSecrets.remove('payments/platform-canary');
    s.cache
      .cluster('prod-eu')!
      .data.externalSecrets.remove('search/platform-canary');
    const results = await s.probe.run();
    expect(results).toEqual([
      {
        cluster: 'dev-eu',
        outcome: 'failed',
        reason: expect.stringContaining(
          'ClusterExternalSecret platform-canary: clusterexternalsecrets is forbidden',
        ),
      },
      {
        cluster: 'prod-eu',
        outcome: 'failed',
        reason:
          'the canary ClusterExternalSecret platform-canary has no ExternalSecret in cluster prod-eu',
      },
    ]);
  });

  it("waits for ESO to create the canary's ExternalSecrets when the ClusterExternalSecret is there but its children are not yet", async () => {
    const s = setup();
    const prod = s.cache.cluster('prod-eu')!.data;
    prod.clusterExternalSecrets.upsert('/platform-canary', {
      name: 'platform-canary',
    });
    const children = ['payments', 'search'].map(
      ns => [ns, prod.externalSecrets.get(`${ns}/platform-canary`)!] as const,
    );
    for (const [ns] of children)
      prod.externalSecrets.remove(`${ns}/platform-canary`);
    // ESO's ClusterExternalSecret controller catches up a moment after the probe started
    setTimeout(() => {
      for (const [ns, es] of children)
        prod.externalSecrets.upsert(`${ns}/platform-canary`, es);
    }, 30);
    const results = await s.probe.run();
    expect(results.map(r => [r.cluster, r.outcome])).toEqual([
      ['dev-eu', 'succeeded'],
      ['prod-eu', 'succeeded'],
    ]);
  });

  it('records every cluster as failed when Vault refuses the write, and syncs nothing', async () => {
    const s = setup();
    s.kv.writeVersion.mockRejectedValueOnce(
      new ServiceUnavailableError('Vault server vault is sealed'),
    );
    const results = await s.probe.run();
    expect(results).toEqual(
      ['dev-eu', 'prod-eu'].map(cluster => ({
        cluster,
        outcome: 'failed',
        reason:
          'writing the canary to Vault failed: Vault server vault is sealed',
      })),
    );
    expect(s.forceSynced).toEqual([]);
    expect(s.recorded).toHaveLength(1);
  });

  it('probes only the configured clusters, and a single ExternalSecret directly', async () => {
    const s = setup({
      ...CONFIG,
      clusters: ['dev-eu'],
      target: {
        kind: 'ExternalSecret',
        namespace: 'payments',
        name: 'platform-canary',
      },
    });
    const forceSynced: string[] = [];
    const writer = s.cache.writer('dev-eu')!;
    (writer as any).forceSyncExternalSecret = async (
      ref: { namespace: string; name: string },
      v: string,
    ) => {
      forceSynced.push(`${ref.namespace}/${ref.name}`);
      await (writer as any).forceSyncClusterExternalSecret('unused', v);
    };
    const results = await s.probe.run();
    expect(results).toEqual([
      { cluster: 'dev-eu', outcome: 'succeeded', propagationMs: 700 },
    ]);
    expect(forceSynced).toEqual(['payments/platform-canary']);
  });
});
