/*
 * Entity matching end to end, like the Kubernetes plugin: ExternalSecrets written through the
 * clusters' Kubernetes API reach each catalog entity by `backstage.io/kubernetes-id` (or its
 * name), by equality and set-based `backstage.io/kubernetes-label-selector`, limited by
 * `backstage.io/kubernetes-namespace`, across clusters serving ESO v1 and v1beta1; label changes
 * and deletes move rows between entities; a broken selector is the caller's error (400).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { eventually } from '../__testUtils__/demoFleet';
import { kubeWriter, type KubeWriter } from '../__testUtils__/fleetKube';

// each test waits on watches for up to 10 s (eventually): room for a readable failure
jest.setTimeout(30_000);

const ID = 'backstage.io/kubernetes-id';
const TEAM = 'app.example.com/team';
const TIER = 'app.example.com/tier';

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
});

const entities = [
  component('orders-api', { [ID]: 'orders-api' }),
  // no annotation at all: the entity name is the kubernetes-id
  component('orders-by-name'),
  component('orders-worker', {
    'backstage.io/kubernetes-label-selector': `${TEAM}=orders,${TIER} in (worker,batch)`,
  }),
  component('orders-in-b', {
    'backstage.io/kubernetes-label-selector': `${TEAM}==orders`,
    'backstage.io/kubernetes-namespace': 'match-b',
  }),
  component('orders-not-web', {
    'backstage.io/kubernetes-label-selector': `${TEAM}=orders,${TIER}!=web,!legacy`,
  }),
  component('broken-selector', {
    'backstage.io/kubernetes-label-selector': `${TEAM} in (orders`,
  }),
];

/** cluster, namespace, name, labels: spread over ESO v1 (dev-eu, prod-eu) and v1beta1 (prod-us) */
const externalSecrets: Array<[string, string, string, Record<string, string>]> =
  [
    ['dev-eu', 'match-a', 'orders-api-db', { [ID]: 'orders-api' }],
    ['prod-us', 'match-b', 'orders-api-db', { [ID]: 'orders-api' }],
    ['dev-eu', 'match-a', 'orders-by-name-token', { [ID]: 'orders-by-name' }],
    [
      'dev-eu',
      'match-a',
      'orders-queue',
      { [TEAM]: 'orders', [TIER]: 'worker' },
    ],
    [
      'prod-us',
      'match-b',
      'orders-batch',
      { [TEAM]: 'orders', [TIER]: 'batch' },
    ],
    [
      'dev-eu',
      'match-b',
      'orders-session',
      { [TEAM]: 'orders', [TIER]: 'web' },
    ],
    [
      'prod-eu',
      'match-a',
      'orders-old',
      { [TEAM]: 'orders', [TIER]: 'worker', legacy: 'true' },
    ],
    [
      'prod-eu',
      'match-a',
      'billing-queue',
      { [TEAM]: 'billing', [TIER]: 'worker' },
    ],
  ];

describe('entity matching on fleet clusters', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const kube: Record<string, KubeWriter> = {};

  const get = (entity: string) =>
    request(server)
      .get(`/api/secrets/entities/default/component/${entity}/secrets`)
      .set('Authorization', mockCredentials.user.header());
  /** The entity's rows as cluster/namespace/name, sorted. */
  const rowsOf = async (entity: string) => {
    const res = await get(entity);
    expect(res.status).toBe(200);
    return res.body.groups
      .flatMap((g: any) => g.rows)
      .map((r: any) => `${r.cluster}/${r.namespace}/${r.name}`)
      .sort();
  };
  /** Waits for the watches to bring the entity's rows to `expected`; fails with the last seen. */
  const expectRowsEventually = async (entity: string, expected: string[]) => {
    let last: string[] = [];
    await eventually(async () => {
      last = await rowsOf(entity);
      return JSON.stringify(last) === JSON.stringify(expected);
    }).catch(() => undefined);
    expect(last).toEqual(expected);
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    for (const name of ['dev-eu', 'prod-eu', 'prod-us']) {
      kube[name] = kubeWriter(fleet, name);
      await kube[name].createNamespace('match-a');
      await kube[name].createNamespace('match-b');
    }
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({ data: fleet.appConfig as any }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    for (const [cluster, namespace, name, labels] of externalSecrets)
      await kube[cluster].createExternalSecret(namespace, name, labels);
  }, 60_000);
  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it('gives each entity exactly its ExternalSecrets across clusters', async () => {
    await expectRowsEventually('orders-api', [
      'dev-eu/match-a/orders-api-db',
      'prod-us/match-b/orders-api-db',
    ]);
    await expectRowsEventually('orders-worker', [
      'dev-eu/match-a/orders-queue',
      'prod-eu/match-a/orders-old',
      'prod-us/match-b/orders-batch',
    ]);
    await expectRowsEventually('orders-in-b', [
      'dev-eu/match-b/orders-session',
      'prod-us/match-b/orders-batch',
    ]);
    await expectRowsEventually('orders-not-web', [
      'dev-eu/match-a/orders-queue',
      'prod-us/match-b/orders-batch',
    ]);
    // created before orders-session in the same cluster, so the watch has delivered it
    expect(await rowsOf('orders-by-name')).toEqual([
      'dev-eu/match-a/orders-by-name-token',
    ]);
  });

  it('moves an ExternalSecret to another entity when its labels change', async () => {
    await kube['dev-eu'].patchExternalSecretLabels('match-a', 'orders-queue', {
      [TEAM]: null,
      [TIER]: null,
      [ID]: 'orders-api',
    });
    await expectRowsEventually('orders-api', [
      'dev-eu/match-a/orders-api-db',
      'dev-eu/match-a/orders-queue',
      'prod-us/match-b/orders-api-db',
    ]);
    expect(await rowsOf('orders-worker')).toEqual([
      'prod-eu/match-a/orders-old',
      'prod-us/match-b/orders-batch',
    ]);
    expect(await rowsOf('orders-not-web')).toEqual([
      'prod-us/match-b/orders-batch',
    ]);
  });

  it('drops a deleted ExternalSecret from its entity', async () => {
    await kube['prod-us'].deleteExternalSecret('match-b', 'orders-api-db');
    await expectRowsEventually('orders-api', [
      'dev-eu/match-a/orders-api-db',
      'dev-eu/match-a/orders-queue',
    ]);
    await kube['prod-us'].deleteExternalSecret('match-b', 'orders-batch');
    await expectRowsEventually('orders-in-b', [
      'dev-eu/match-b/orders-session',
    ]);
    expect(await rowsOf('orders-worker')).toEqual([
      'prod-eu/match-a/orders-old',
    ]);
  });

  it('answers 400 InputError for an entity with an invalid label selector', async () => {
    const res = await get('broken-selector');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      /^Invalid backstage\.io\/kubernetes-label-selector on entity/,
    );
  });
});
