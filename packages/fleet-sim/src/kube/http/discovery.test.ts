import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { EsoVersions } from '../esoResources';
import { ADMIN_RULES } from './accessRules';

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

describe.each<[EsoVersions, string[]]>([
  ['v1', ['external-secrets.io/v1', 'external-secrets.io/v1alpha1']],
  [
    'v1beta1-only',
    ['external-secrets.io/v1beta1', 'external-secrets.io/v1alpha1'],
  ],
  ['none', []],
])('discovery with esoVersions=%s', (esoVersions, esoGroupVersions) => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;

  beforeAll(async () => {
    clock = new SimClock();
    server = await createKubeApiServer({
      name: `disc-${esoVersions}`,
      clock,
      tls: false,
      esoVersions,
    });
    token = server.issueToken([]); // discovery needs authentication only
  });
  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  it('lists the served group versions, preferred first (or no ESO group at all)', async () => {
    const groups = (await rawRequest(server, '/apis', { token })).json();
    expect(groups.kind).toBe('APIGroupList');
    const eso = groups.groups.find(
      (g: any) => g.name === 'external-secrets.io',
    );
    expect(eso?.versions.map((v: any) => v.groupVersion) ?? []).toEqual(
      esoGroupVersions,
    );
    expect(eso?.preferredVersion.groupVersion).toBe(esoGroupVersions[0]);
  });

  it('serves aggregated discovery when asked for it', async () => {
    const res = await rawRequest(server, '/apis', {
      token,
      accept: AGGREGATED,
    });
    expect(res.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const apps = res.json().items.find((g: any) => g.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find(
      (r: any) => r.resource === 'deployments',
    );
    expect(deployments).toMatchObject({
      scope: 'Namespaced',
      shortNames: ['deploy'],
      subresources: expect.arrayContaining([
        {
          subresource: 'status',
          responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
          verbs: ['get', 'patch', 'update'],
        },
      ]),
    });
    const core = (
      await rawRequest(server, '/api', { token, accept: AGGREGATED })
    ).json();
    expect(
      core.items[0].versions[0].resources.map((r: any) => r.resource),
    ).toEqual([
      'namespaces',
      'secrets',
      'serviceaccounts',
      'events',
      'configmaps',
      'pods',
    ]);
  });

  it('serves /version and the legacy core discovery', async () => {
    expect(
      (await rawRequest(server, '/version', { token })).json(),
    ).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
    expect((await rawRequest(server, '/api', { token })).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const core = (await rawRequest(server, '/api/v1', { token })).json();
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(
      core.resources.find((r: any) => r.name === 'serviceaccounts/token'),
    ).toMatchObject({
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
      verbs: ['create'],
    });
  });
});

describe.each<[EsoVersions, string]>([
  ['v1', 'external-secrets.io/v1'],
  ['v1beta1-only', 'external-secrets.io/v1beta1'],
])('ESO resource discovery with esoVersions=%s', (esoVersions, preferred) => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;
  const esoGroupVersions = [preferred];

  beforeAll(async () => {
    clock = new SimClock();
    server = await createKubeApiServer({
      name: `eso-${esoVersions}`,
      clock,
      tls: false,
      esoVersions,
    });
    token = server.issueToken([]);
  });
  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  it('describes ESO resources with short names, categories and status subresources', async () => {
    const list = (
      await rawRequest(server, `/apis/${esoGroupVersions[0]}`, { token })
    ).json();
    const byName = Object.fromEntries(
      list.resources.map((r: any) => [r.name, r]),
    );
    expect(byName.externalsecrets).toMatchObject({
      singularName: 'externalsecret',
      namespaced: true,
      kind: 'ExternalSecret',
      shortNames: ['es'],
      categories: ['external-secrets'],
      verbs: [
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'create',
        'update',
        'watch',
      ],
    });
    expect(byName['externalsecrets/status']).toMatchObject({
      namespaced: true,
      kind: 'ExternalSecret',
      verbs: ['get', 'patch', 'update'],
    });
    expect(byName.clustersecretstores).toMatchObject({
      namespaced: false,
      shortNames: ['css'],
    });
    expect(byName.clusterexternalsecrets).toMatchObject({
      namespaced: false,
      shortNames: ['ces'],
    });
    expect(byName.secretstores.shortNames).toEqual(['ss']);
    const alpha = (
      await rawRequest(server, '/apis/external-secrets.io/v1alpha1', { token })
    ).json();
    expect(alpha.resources.map((r: any) => r.name)).toEqual([
      'pushsecrets',
      'pushsecrets/status',
    ]);
    expect(alpha.resources[0].shortNames).toEqual(['ps']);
  });
});

describe('esoVersions=none', () => {
  it('answers ESO paths with the NotFound Status of an unknown resource', async () => {
    const clock = new SimClock();
    const server = await createKubeApiServer({
      name: 'no-eso',
      clock,
      tls: false,
      esoVersions: 'none',
    });
    try {
      const res = await rawRequest(
        server,
        '/apis/external-secrets.io/v1/externalsecrets',
        { token: server.issueToken(ADMIN_RULES) },
      );
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
      expect(
        (
          await rawRequest(server, '/apis/external-secrets.io', {
            token: server.issueToken([]),
          })
        ).status,
      ).toBe(404);
    } finally {
      await server.stop();
      clock.dispose();
    }
  });
});

describe('esoVersions=v1beta1-only', () => {
  it('serves ESO objects at v1beta1 and rejects v1 paths', async () => {
    const clock = new SimClock();
    const server = await createKubeApiServer({
      name: 'old-eso',
      clock,
      tls: false,
      esoVersions: 'v1beta1-only',
    });
    try {
      const token = server.issueToken(ADMIN_RULES);
      server.store.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      );
      const created = await rawRequest(
        server,
        '/apis/external-secrets.io/v1beta1/namespaces/payments/externalsecrets',
        {
          token,
          method: 'POST',
          body: {
            apiVersion: 'external-secrets.io/v1beta1',
            kind: 'ExternalSecret',
            metadata: { name: 'db' },
            spec: { secretStoreRef: { name: 'vault' } },
          },
        },
      );
      expect(created.status).toBe(201);
      expect(created.json()).toMatchObject({
        apiVersion: 'external-secrets.io/v1beta1',
        metadata: { namespace: 'payments' },
      });
      const v1 = await rawRequest(
        server,
        '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets',
        { token },
      );
      expect(v1.status).toBe(404);
    } finally {
      await server.stop();
      clock.dispose();
    }
  });
});
