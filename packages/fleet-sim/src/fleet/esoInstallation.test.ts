import { SimClock } from '../clock/SimClock';
import { rawRequest } from '../kube/__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  type KubeApiServerHandle,
} from '../kube/createKubeApiServer';
import { ADMIN_RULES } from '../kube/http/accessRules';
import { changeServedEso } from './esoInstallation';

const ES = { group: 'external-secrets.io', resource: 'externalsecrets' };

describe('changeServedEso', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;

  beforeAll(async () => {
    clock = new SimClock();
    // created serving every ESO kind, as FleetCluster does, so every kind has a table
    server = await createKubeApiServer({
      name: 'eso-lifecycle',
      clock,
      tls: false,
      esoVersions: 'v1',
    });
    server.store.catalog.serveEso('v1beta1-only');
    token = server.issueToken(ADMIN_RULES);
  });
  afterAll(async () => {
    await server.stop();
    clock.dispose();
  });

  const servedVersions = async () => {
    const res = await rawRequest(server, '/apis/external-secrets.io', {
      token,
    });
    return res.status === 404
      ? []
      : res.json().versions.map((v: any) => v.version);
  };
  const status = async (path: string) =>
    (await rawRequest(server, path, { token })).status;

  it('upgrades in place: discovery, routes and stored objects follow', async () => {
    server.store.create(ES, {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name: 'db' },
      },
    });
    expect(await servedVersions()).toEqual(['v1beta1', 'v1alpha1']);

    changeServedEso(server, 'v1');

    expect(await servedVersions()).toEqual(['v1', 'v1alpha1']);
    expect(
      await status('/apis/external-secrets.io/v1beta1/externalsecrets'),
    ).toBe(404);
    const list = (
      await rawRequest(server, '/apis/external-secrets.io/v1/externalsecrets', {
        token,
      })
    ).json();
    expect(list.items.map((o: any) => o.metadata.name)).toEqual(['db']);
    // migrated to the new storage version, so in-process controllers can write it back
    expect(server.store.get(ES, 'default', 'db')?.apiVersion).toBe(
      'external-secrets.io/v1',
    );
  });

  it('uninstalls: the group disappears and its objects are deleted', async () => {
    changeServedEso(server, 'none');
    expect(await servedVersions()).toEqual([]);
    expect(await status('/apis/external-secrets.io/v1/externalsecrets')).toBe(
      404,
    );
    const groups = (await rawRequest(server, '/apis', { token })).json();
    expect(groups.groups.map((g: any) => g.name)).not.toContain(
      'external-secrets.io',
    );

    changeServedEso(server, 'v1');
    expect(server.store.list(ES)).toEqual([]);
  });
});
