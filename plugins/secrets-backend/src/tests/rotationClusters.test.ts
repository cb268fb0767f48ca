/*
 * The cluster half of a rotation against the demo fleet over real HTTP, under the plugin's
 * least-privilege ClusterRole: force-sync a real ExternalSecret after its Vault key changed
 * (written with Vault's root token, as an operator would), verify the new data landed, restart
 * the consumers nothing else restarts, and list a StatefulSet consumer in the entity's rows.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  PlanCluster,
  PlanWorkload,
} from '@secrets-plugin/plugin-secrets-common';
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { ClusterRotationOps } from '../rotation/adapters/ClusterRotationOps';

const CLUSTER = 'dev-eu';
const ES = { namespace: 'payments', name: 'ledger-worker-kafka' };
const ES_REF = { group: 'external-secrets.io', resource: 'externalsecrets' };
const STS_REF = { group: 'apps', resource: 'statefulsets' };
const DEPLOY_REF = { group: 'apps', resource: 'deployments' };

describe('rotation cluster operations against fleet-sim', () => {
  let h: DemoHarness;
  let ops: ClusterRotationOps;

  beforeAll(async () => {
    h = await startDemoHarness();
    ops = new ClusterRotationOps(h.cache, {
      verifyTimeoutMs: 15_000,
      restartTimeoutMs: 15_000,
    });
  }, 60_000);
  afterAll(() => h?.stop());

  const data = () => h.cache.cluster(CLUSTER)!.data;
  const targetHash = () =>
    data().secrets.get(`${ES.namespace}/${ES.name}`)?.dataHash;

  /** KV v2 write with the root token, in the demo's team-payments namespace. */
  async function writeVault(path: string, body: unknown): Promise<void> {
    const res = await fetch(
      new URL(`/v1/secret/data/${path}`, h.fleet.vault.url),
      {
        method: 'POST',
        headers: {
          'X-Vault-Token': h.fleet.vault.rootToken,
          'X-Vault-Namespace': 'team-payments',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      },
    );
    if (!res.ok) throw new Error(`Vault write: ${res.status}`);
  }

  const plan = (
    workloads: PlanWorkload[] = [],
    dataHash = targetHash(),
  ): PlanCluster => ({
    cluster: CLUSTER,
    reachable: true,
    externalSecrets: [
      {
        ...ES,
        store: {
          cluster: CLUSTER,
          kind: 'ClusterSecretStore',
          name: 'vault-payments',
          ready: true,
        },
        refreshPolicy: 'Periodic',
        blockers: [],
        target: { name: ES.name, exists: true, dataHash },
        pushedBy: [],
      },
    ],
    workloads,
  });

  /** Moves simulated time on until `pending` settles (rollouts take simulated seconds). */
  async function warpUntil<T>(pending: Promise<T>): Promise<T> {
    let settled = false;
    const result = pending.finally(() => (settled = true));
    for (let i = 0; i < 20 && !settled; i++) {
      await h.fleet.warp(5_000);
      await new Promise(r => setTimeout(r, 50));
    }
    return result;
  }

  it('force-syncs an ExternalSecret after a Vault write and verifies the new data-hash landed', async () => {
    const before = plan();
    expect(before.externalSecrets[0].target.dataHash).toMatch(/^[0-9a-f]+$/);
    await writeVault('ledger-worker/kafka', {
      data: {
        username: 'ledger',
        password: 'kafka-pw-rotated',
        brokers: { primary: 'kafka-0:9093' },
      },
    });
    const writtenAt = new Date(h.fleet.clock.now()).toISOString();

    await expect(ops.forceSync(before, 'rot-it-1')).resolves.toEqual({
      outcome: 'done',
      detail: { forceSynced: 1 },
    });
    const es = h.fleet
      .cluster(CLUSTER)
      .store.get(ES_REF, ES.namespace, ES.name)!;
    expect(es.metadata.annotations?.['force-sync']).toBe('rot-it-1');
    expect(
      (es.metadata.managedFields ?? []).map((f: any) => f.manager),
    ).toContain('backstage-secrets');

    const outcome = await ops.verify(before, writtenAt, {});
    expect(outcome).toEqual({
      outcome: 'done',
      detail: { propagationMs: expect.any(Number) },
    });
    expect(targetHash()).toMatch(/^[0-9a-f]+$/);
    expect(targetHash()).not.toBe(before.externalSecrets[0].target.dataHash);
  });

  it("fails a force-sync with the API server's reason when the ExternalSecret is gone", async () => {
    const gone = plan();
    gone.externalSecrets[0] = {
      ...gone.externalSecrets[0],
      name: 'deleted-es',
    };
    const outcome = await ops.forceSync(gone, 'rot-it-1');
    expect(outcome).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining(
        'ExternalSecret payments/deleted-es: externalsecrets.external-secrets.io "deleted-es" not found',
      ),
    });
  });

  it('asks the API server what the plugin may do (SelfSubjectAccessReview)', async () => {
    const answers = await h.cache.writer(CLUSTER)!.canI([
      {
        verb: 'patch',
        group: 'external-secrets.io',
        resource: 'externalsecrets',
        namespace: 'payments',
        name: ES.name,
      },
      {
        verb: 'patch',
        group: 'apps',
        resource: 'statefulsets',
        namespace: 'payments',
      },
      { verb: 'get', group: '', resource: 'secrets', namespace: 'payments' },
    ]);
    expect(answers.map(a => a.allowed)).toEqual([true, true, false]);
  });

  it('times out naming the ExternalSecret when nothing new reaches it', async () => {
    const short = new ClusterRotationOps(h.cache, {
      verifyTimeoutMs: 500,
      restartTimeoutMs: 500,
    });
    const writtenAt = new Date(h.fleet.clock.now()).toISOString();
    const outcome = await short.verify(plan(), writtenAt, {});
    expect(outcome).toMatchObject({
      outcome: 'timed-out',
      reason: expect.stringContaining('payments/ledger-worker-kafka'),
    });
  });

  it('restarts a Deployment nobody else restarts and waits for its rollout', async () => {
    const ledger: PlanWorkload = {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'ledger-worker',
      restartedBy: 'us',
      secrets: [ES.name],
    };
    const outcome = await warpUntil(
      ops.restart(plan([ledger]), 'rot-it-1', {}),
    );
    expect(outcome).toMatchObject({
      outcome: 'done',
      detail: { restarted: 1 },
    });
    const d = h.fleet
      .cluster(CLUSTER)
      .store.get(DEPLOY_REF, 'payments', 'ledger-worker')!;
    expect(
      (d.spec as any).template.metadata.annotations[
        'secrets.backstage.io/rotation'
      ],
    ).toBe('rot-it-1');
    expect(
      data().workload('Deployment', 'payments', 'ledger-worker'),
    ).toMatchObject({
      rolloutComplete: true,
      generation: d.metadata.generation,
    });
    // the same step again is a no-op patch: no new generation, done at once
    await expect(
      ops.restart(plan([ledger]), 'rot-it-1', {}),
    ).resolves.toMatchObject({ outcome: 'done' });
    expect(
      h.fleet
        .cluster(CLUSTER)
        .store.get(DEPLOY_REF, 'payments', 'ledger-worker')!.metadata
        .generation,
    ).toBe(d.metadata.generation);
  });

  it('lists a StatefulSet consumer in the rows and restarts it through its rollout', async () => {
    h.fleet.cluster(CLUSTER).store.create(STS_REF, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { namespace: 'payments', name: 'ledger-archive' },
      spec: {
        replicas: 2,
        serviceName: 'ledger-archive',
        selector: { matchLabels: { app: 'ledger-archive' } },
        template: {
          metadata: { labels: { app: 'ledger-archive' } },
          spec: {
            containers: [
              { name: 'archive', image: 'registry.example.com/a:1' },
            ],
            volumes: [
              {
                name: 'kafka',
                projected: { sources: [{ secret: { name: ES.name } }] },
              },
            ],
          },
        },
      },
    });
    const consumer = async () => {
      const res = await h.service.getEntitySecrets(
        { kind: 'component', namespace: 'default', name: 'ledger-worker' },
        { credentials: mockCredentials.user() },
      );
      return res.groups
        .flatMap(g => g.rows)
        .find(r => r.cluster === CLUSTER && r.name === ES.name)
        ?.consumers.find(c => c.kind === 'StatefulSet');
    };
    await expect(eventually(consumer)).resolves.toMatchObject({
      kind: 'StatefulSet',
      namespace: 'payments',
      name: 'ledger-archive',
      restartedBy: 'nobody',
    });

    const archive: PlanWorkload = {
      kind: 'StatefulSet',
      namespace: 'payments',
      name: 'ledger-archive',
      restartedBy: 'us',
      secrets: [ES.name],
    };
    const outcome = await warpUntil(
      ops.restart(plan([archive]), 'rot-it-2', {}),
    );
    expect(outcome).toMatchObject({ outcome: 'done' });
    const sts = h.fleet
      .cluster(CLUSTER)
      .store.get(STS_REF, 'payments', 'ledger-archive')!;
    expect(sts.status).toMatchObject({ readyReplicas: 2 });
    expect((sts.status as any).currentRevision).toBe(
      (sts.status as any).updateRevision,
    );
    expect(await consumer()).toMatchObject({
      rollout: { complete: true, replicas: 2 },
    });
  });
});
