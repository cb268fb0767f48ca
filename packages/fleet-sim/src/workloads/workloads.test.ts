import { createHash } from 'node:crypto';
import { InMemoryClusterStore } from '../kube/store/InMemoryClusterStore';
import type { KubeObject } from '../kube/types';
import { ManualClock } from '../eso/testing/ManualClock';
import { Reloader } from './Reloader';
import { envVarName, secretSha, shouldReload } from './reloaderRules';
import { DEPLOYMENTS, RolloutController } from './RolloutController';
import { rolloutStatusMessage } from './rolloutStatus';

const SECRETS = { group: '', resource: 'secrets' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

function deployment(
  name: string,
  annotations: Record<string, string>,
  secretName: string,
  replicas = 2,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              envFrom: [{ secretRef: { name: secretName } }],
            },
          ],
        },
      },
    },
  };
}

describe('Reloader rules', () => {
  it('names env vars and hashes data like Reloader', () => {
    expect(envVarName('payments-db.creds')).toBe(
      'STAKATER_PAYMENTS_DB_CREDS_SECRET',
    );
    expect(secretSha({ b: b64('2'), a: b64('1') })).toBe(
      createHash('sha1').update('a=1;b=2').digest('hex'),
    );
  });

  it('decides per annotation', () => {
    expect(
      shouldReload('db', {}, { 'reloader.stakater.com/auto': 'true' }, {}),
    ).toEqual({ reload: true, auto: true });
    expect(
      shouldReload(
        'db',
        {},
        { 'secret.reloader.stakater.com/reload': 'other,d.*' },
        {},
      ),
    ).toEqual({ reload: true, auto: false });
    expect(
      shouldReload('db', {}, {}, { 'reloader.stakater.com/auto': 'true' }),
    ).toEqual({ reload: true, auto: true });
    expect(
      shouldReload(
        'db',
        { 'reloader.stakater.com/ignore': 'true' },
        { 'reloader.stakater.com/auto': 'true' },
        {},
      ).reload,
    ).toBe(false);
    expect(
      shouldReload(
        'db',
        {},
        { 'secret.reloader.stakater.com/reload': 'other' },
        {},
      ).reload,
    ).toBe(false);
  });
});

describe('Reloader + rollout', () => {
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
      rolloutDurationMs: 30_000,
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
    store.create(
      DEPLOYMENTS,
      deployment('auto', { 'reloader.stakater.com/auto': 'true' }, 'db'),
    );
    store.create(
      DEPLOYMENTS,
      deployment(
        'named',
        { 'secret.reloader.stakater.com/reload': 'db' },
        'unrelated',
      ),
    );
    store.create(DEPLOYMENTS, deployment('plain', {}, 'db'));
  });
  afterEach(() => {
    rollout.stop();
    reloader.stop();
  });

  const get = (name: string) => store.get(DEPLOYMENTS, 'default', name)!;

  it('converges a new Deployment after the rollout duration', async () => {
    await clock.advance(0);
    expect(rolloutStatusMessage(get('plain')).done).toBe(false);
    await clock.advance(30_000);
    expect(get('plain').status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    });
    expect(rolloutStatusMessage(get('plain'))).toEqual({
      done: true,
      message: 'deployment "plain" successfully rolled out\n',
    });
  });

  it('rolls opted-in Deployments when the Secret data changes, with STAKATER_DB_SECRET', async () => {
    await clock.advance(60_000);
    store.mergePatch(SECRETS, 'default', 'db', {
      metadata: { annotations: { touched: 'yes' } },
    });
    await clock.advance(5_000);
    expect(get('auto').metadata.generation).toBe(1); // metadata-only change: same hash, no reload

    store.mergePatch(SECRETS, 'default', 'db', {
      data: { password: b64('v2') },
    });
    await clock.advance(1_000);
    const sha = secretSha({ password: b64('v2') });
    for (const name of ['auto', 'named']) {
      const d = get(name);
      expect(d.metadata.generation).toBe(2);
      const container = (d.spec as any).template.spec.containers[0];
      expect(container.env).toEqual([
        { name: 'STAKATER_DB_SECRET', value: sha },
      ]);
    }
    expect(get('plain').metadata.generation).toBe(1);
    const progressing = rolloutStatusMessage(get('auto'));
    expect(progressing).toEqual({
      done: false,
      message:
        'Waiting for deployment "auto" rollout to finish: 1 out of 2 new replicas have been updated...\n',
    });
    expect(get('auto').status).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 1,
      availableReplicas: 2,
    });

    await clock.advance(20_000);
    expect(rolloutStatusMessage(get('auto')).message).toBe(
      'Waiting for deployment "auto" rollout to finish: 1 old replicas are pending termination...\n',
    );
    await clock.advance(10_000);
    expect(rolloutStatusMessage(get('auto')).done).toBe(true);
    const events = store
      .list({ group: '', resource: 'events' }, 'default')
      .filter(e => e.reason === 'Reloaded');
    expect(events.map(e => e.message).sort()).toEqual([
      "Changes detected in 'db' of type 'SECRET' in namespace 'default', Updated 'auto' of type 'Deployment' in namespace 'default'",
      "Changes detected in 'db' of type 'SECRET' in namespace 'default', Updated 'named' of type 'Deployment' in namespace 'default'",
    ]);
  });

  it('sets the last-reloaded-from annotation with the annotations strategy', async () => {
    reloader.stop();
    const annotating = new Reloader({ store, clock, strategy: 'annotations' });
    annotating.start();
    store.mergePatch(SECRETS, 'default', 'db', {
      data: { password: b64('v3') },
    });
    await clock.advance(1_000);
    const annotation = (get('auto').spec as any).template.metadata.annotations[
      'reloader.stakater.com/last-reloaded-from'
    ];
    expect(JSON.parse(annotation)).toEqual({
      type: 'SECRET',
      name: 'db',
      namespace: 'default',
      hash: secretSha({ password: b64('v3') }),
      containerRefs: ['app'],
      observedAt: Math.floor(clock.now() / 1000),
    });
    annotating.stop();
  });
});
