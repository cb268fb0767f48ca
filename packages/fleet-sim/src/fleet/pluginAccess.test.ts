import { SimClock } from '../clock/SimClock';
import { rawRequest } from '../kube/__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../kube/createKubeApiServer';
import {
  applyPluginRbac,
  PLUGIN_RULES,
  PLUGIN_SERVICE_ACCOUNT,
  pluginRbacObjects,
} from './pluginAccess';

const ES = '/apis/external-secrets.io/v1/namespaces/default/externalsecrets';
const USER = 'system:serviceaccount:backstage:secrets-plugin';

describe('the plugin runs under its shipped deploy/rbac.yaml', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let token: string;

  beforeAll(async () => {
    clock = new SimClock();
    server = await createKubeApiServer({ name: 'plugin', clock, tls: false });
    applyPluginRbac(server.store);
    token = server.issueServiceAccountToken(
      PLUGIN_SERVICE_ACCOUNT.namespace,
      PLUGIN_SERVICE_ACCOUNT.name,
    );
  });
  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  it('applies the manifest as it is: ServiceAccount, ClusterRole, ClusterRoleBinding', () => {
    expect(
      pluginRbacObjects().map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'ServiceAccount/secrets-plugin',
      'ClusterRole/backstage-secrets-plugin',
      'ClusterRoleBinding/backstage-secrets-plugin',
    ]);
    const role = server.store.get(
      { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
      undefined,
      'backstage-secrets-plugin',
    );
    expect(role?.rules).toEqual(pluginRbacObjects()[1].rules);
  });

  it('lists and watches Secrets but never gets one: the real 403 text', async () => {
    expect(
      (
        await rawRequest(server, '/api/v1/namespaces/default/secrets', {
          token,
        })
      ).status,
    ).toBe(200);
    const get = await rawRequest(
      server,
      '/api/v1/namespaces/default/secrets/db',
      { token },
    );
    expect(get.status).toBe(403);
    expect(get.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `secrets "db" is forbidden: User "${USER}" cannot get resource "secrets" in API group "" in the namespace "default"`,
      reason: 'Forbidden',
      details: { name: 'db', kind: 'secrets' },
      code: 403,
    });
  });

  it('may patch ExternalSecrets but not delete them', async () => {
    const del = await rawRequest(server, `${ES}/db`, {
      token,
      method: 'DELETE',
    });
    expect(del.status).toBe(403);
    expect(del.json().message).toBe(
      `externalsecrets.external-secrets.io "db" is forbidden: User "${USER}" cannot delete resource "externalsecrets" in API group "external-secrets.io" in the namespace "default"`,
    );
    const review = await rawRequest(
      server,
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        token,
        method: 'POST',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'payments',
              verb: 'patch',
              group: 'external-secrets.io',
              resource: 'externalsecrets',
            },
          },
        },
      },
    );
    expect(review.json().status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "backstage-secrets-plugin" of ClusterRole "backstage-secrets-plugin" to ServiceAccount "secrets-plugin/backstage"',
    });
  });

  it('derives the static-token shorthand from the same manifest', () => {
    expect(PLUGIN_RULES).toContainEqual({
      verbs: ['list', 'watch'],
      resources: ['secrets'],
    });
    expect(
      PLUGIN_RULES.some(
        r => r.resources.includes('secrets') && r.verbs.includes('get'),
      ),
    ).toBe(false);
  });
});
