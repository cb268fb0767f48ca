import { ManualClock } from '../eso/testing/ManualClock';
import { InMemoryClusterStore } from '../kube/store/InMemoryClusterStore';
import { Reloader } from './Reloader';
import { secretSha } from './reloaderRules';
import { workload } from './testing/workloadObjects';
import {
  DAEMONSETS,
  RolloutController,
  STATEFULSETS,
} from './RolloutController';

const SECRETS = { group: '', resource: 'secrets' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('StatefulSet and DaemonSet rollouts and Reloader', () => {
  let clock: ManualClock;
  let store: InMemoryClusterStore;
  let rollout: RolloutController;
  let reloader: Reloader;

  beforeEach(() => {
    clock = new ManualClock();
    store = new InMemoryClusterStore({ name: 't', clock });
    rollout = new RolloutController({
      store,
      clock,
      rolloutDurationMs: 4_000,
      nodeCount: 2,
    });
    reloader = new Reloader({ store, clock });
    rollout.start();
    reloader.start();
    store.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default' },
      data: { password: b64('v1') },
    });
  });
  afterEach(() => {
    rollout.stop();
    reloader.stop();
    clock.dispose();
  });

  const sts = (name: string) => store.get(STATEFULSETS, 'default', name)!;
  const ds = (name: string) => store.get(DAEMONSETS, 'default', name)!;

  it('defaults a StatefulSet like apps/v1 and creates its pods one at a time', async () => {
    store.create(STATEFULSETS, workload('StatefulSet', 'db'));
    expect((sts('db').spec as any).updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
    expect(sts('db').spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
    });
    await clock.advance(0);
    const revision = (sts('db').status as any).updateRevision;
    expect(revision).toMatch(/^db-[a-z0-9]{10}$/);
    expect(sts('db').status).toEqual({
      observedGeneration: 1,
      replicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
      availableReplicas: 0,
    });
    await clock.advance(1_000);
    expect(sts('db').status).toMatchObject({ replicas: 2, readyReplicas: 1 });
    await clock.advance(3_000);
    expect(sts('db').status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
      availableReplicas: 3,
    });
  });

  it('reloads opted-in StatefulSets and DaemonSets and rolls them one pod at a time', async () => {
    const auto = { 'reloader.stakater.com/auto': 'true' };
    store.create(STATEFULSETS, workload('StatefulSet', 'ledger', auto));
    store.create(DAEMONSETS, workload('DaemonSet', 'agent', auto));
    store.create(DAEMONSETS, workload('DaemonSet', 'plain'));
    await clock.advance(10_000);
    const before = (sts('ledger').status as any).currentRevision;
    expect(ds('agent').status).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });

    store.mergePatch(SECRETS, 'default', 'db', {
      data: { password: b64('v2') },
    });
    await clock.advance(1_000);
    const sha = secretSha({ password: b64('v2') });
    for (const w of [sts('ledger'), ds('agent')]) {
      expect(w.metadata.generation).toBe(2);
      expect((w.spec as any).template.spec.containers[0].env).toContainEqual({
        name: 'STAKATER_DB_SECRET',
        value: sha,
      });
    }
    expect(ds('plain').metadata.generation).toBe(1);
    // the new generation is observed before any pod is replaced
    expect(sts('ledger').status).toMatchObject({
      observedGeneration: 2,
      readyReplicas: 3,
      currentReplicas: 3,
      currentRevision: before,
    });
    expect((sts('ledger').status as any).updatedReplicas).toBeUndefined();
    await clock.advance(1_400);
    // first pod (highest ordinal) being replaced
    expect(sts('ledger').status).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: before,
    });
    expect((sts('ledger').status as any).updateRevision).not.toBe(before);
    expect(ds('agent').status).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 1,
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 1,
    });
    await clock.advance(5_000);
    const done = sts('ledger').status as any;
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done).toMatchObject({ updatedReplicas: 3, currentReplicas: 3 });
    expect(ds('agent').status).toMatchObject({
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });
    expect(
      store
        .list({ group: '', resource: 'events' }, 'default')
        .filter(e => e.reason === 'Reloaded')
        .map(e => e.message)
        .sort(),
    ).toEqual([
      "Changes detected in 'db' of type 'SECRET' in namespace 'default', Updated 'agent' of type 'DaemonSet' in namespace 'default'",
      "Changes detected in 'db' of type 'SECRET' in namespace 'default', Updated 'ledger' of type 'StatefulSet' in namespace 'default'",
    ]);
  });

  it('rejects a StatefulSet update outside the mutable fields, as apps validation does', () => {
    const created = store.create(STATEFULSETS, workload('StatefulSet', 'db'));
    expect(() =>
      store.update(STATEFULSETS, {
        ...created,
        spec: { ...(created.spec as object), serviceName: 'other' },
      }),
    ).toThrow(
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });
});
