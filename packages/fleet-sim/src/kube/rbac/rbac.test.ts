import { SimClock } from '../../clock/SimClock';
import { rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from '../http/accessRules';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

describe('RBAC authorization of service-account tokens', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let admin: string;
  let bot: string;

  beforeAll(async () => {
    clock = new SimClock();
    server = await createKubeApiServer({ name: 'rbac', clock, tls: false });
    admin = server.issueToken(ADMIN_RULES, { user: 'admin' });
    bot = server.issueServiceAccountToken('default', 'bot');
  });
  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  const post = (path: string, body: unknown, token = admin) =>
    rawRequest(server, path, { token, method: 'POST', body });
  const canI = async (token: string, resourceAttributes: object) =>
    (
      await post(
        SSAR,
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes },
        },
        token,
      )
    ).json();

  it('lets every authenticated user discover the API, read /version and review itself, and nothing more', async () => {
    expect((await rawRequest(server, '/apis', { token: bot })).status).toBe(
      200,
    );
    expect((await rawRequest(server, '/version', { token: bot })).status).toBe(
      200,
    );
    const metrics = await rawRequest(server, '/metrics', { token: bot });
    expect(metrics.status).toBe(403);
    expect(metrics.json().message).toBe(
      'forbidden: User "system:serviceaccount:default:bot" cannot get path "/metrics"',
    );
    const secrets = await rawRequest(
      server,
      '/api/v1/namespaces/default/secrets',
      {
        token: bot,
      },
    );
    expect(secrets.json().message).toBe(
      'secrets is forbidden: User "system:serviceaccount:default:bot" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    const review = await post(
      SSAR,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace: 'default',
            verb: 'list',
            resource: 'secrets',
          },
        },
      },
      bot,
    );
    expect(review.status).toBe(201);
    expect(review.json()).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: {
          namespace: 'default',
          verb: 'list',
          resource: 'secrets',
        },
      },
      status: { allowed: false },
    });
    expect(
      await canI(bot, {
        verb: 'create',
        group: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
      }),
    ).toMatchObject({
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
      },
    });
  });

  it('answers SelfSubjectReview with the token user (kubectl auth whoami)', async () => {
    const res = await post(
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      bot,
    );
    expect(res.status).toBe(201);
    const { userInfo } = res.json().status;
    expect(userInfo).toMatchObject({
      username: 'system:serviceaccount:default:bot',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:default',
        'system:authenticated',
      ],
    });
    expect(
      userInfo.extra['authentication.kubernetes.io/credential-id'][0],
    ).toMatch(/^JTI=/);
  });

  it('grants exactly what a RoleBinding to a ClusterRole says, names it in the reason, and revokes on delete', async () => {
    expect(
      (
        await post(`${RBAC}/clusterroles`, {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'secret-lister' },
          rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(`${RBAC}/namespaces/default/rolebindings`, {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'bot-lists' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'secret-lister',
          },
          subjects: [{ kind: 'ServiceAccount', name: 'bot' }],
        })
      ).status,
    ).toBe(201);
    const path = '/api/v1/namespaces/default/secrets';
    expect((await rawRequest(server, path, { token: bot })).status).toBe(200);
    expect(
      (
        await rawRequest(server, '/api/v1/namespaces/kube-system/secrets', {
          token: bot,
        })
      ).status,
    ).toBe(403);
    expect(
      await canI(bot, {
        namespace: 'default',
        verb: 'list',
        resource: 'secrets',
      }),
    ).toMatchObject({
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "bot-lists/default" of ClusterRole "secret-lister" to ServiceAccount "bot/default"',
      },
    });
    expect(
      (
        await rawRequest(
          server,
          `${RBAC}/namespaces/default/rolebindings/bot-lists`,
          {
            token: admin,
            method: 'DELETE',
          },
        )
      ).status,
    ).toBe(200);
    expect((await rawRequest(server, path, { token: bot })).status).toBe(403);
  });

  it('names an unresolvable role reference in the 403, as the RBAC authorizer does', async () => {
    await post(`${RBAC}/clusterrolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dangling' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'not-there',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: 'default' }],
    });
    const res = await rawRequest(server, '/apis/apps/v1/deployments', {
      token: bot,
    });
    expect(res.json().message).toBe(
      'deployments.apps is forbidden: User "system:serviceaccount:default:bot" cannot list resource "deployments" in API group "apps" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "not-there" not found',
    );
  });

  it('lists the rules of a namespace (kubectl auth can-i --list) with the bootstrap ones', async () => {
    server.grantServiceAccount('default', 'lister', [
      { verbs: ['get', 'list'], resources: ['apps/deployments'] },
    ]);
    const token = server.issueServiceAccountToken('default', 'lister');
    const res = await post(
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace: 'default' },
      },
      token,
    );
    expect(res.status).toBe(201);
    const { status } = res.json();
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toEqual(
      expect.arrayContaining([
        {
          verbs: ['get', 'list'],
          apiGroups: ['apps'],
          resources: ['deployments'],
        },
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
      ]),
    );
    expect(status.nonResourceRules).toContainEqual({
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    });
    // the grant is a real ClusterRoleBinding, visible to kubectl
    const binding = await rawRequest(
      server,
      `${RBAC}/clusterrolebindings/fleet-sim:grant:default:lister`,
      { token: admin },
    );
    expect(binding.json().subjects).toEqual([
      { kind: 'ServiceAccount', name: 'lister', namespace: 'default' },
    ]);
  });

  it('rejects a review with neither resource nor non-resource attributes (422)', async () => {
    const res = await post(
      SSAR,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {},
      },
      bot,
    );
    expect(res.status).toBe(422);
    expect(res.json().message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });

  it('answers SubjectAccessReview about another user for a token reviewer', async () => {
    const res = await post(
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: 'someone',
          groups: ['system:authenticated'],
          nonResourceAttributes: { path: '/version', verb: 'get' },
        },
      },
    );
    expect(res.status).toBe(201);
    expect(res.json().status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
  });
  it('validates RBAC objects like the rbac registry: roleRef never changes, subjects and rules well-formed', async () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'fixed' },
      roleRef: { kind: 'ClusterRole', name: 'secret-lister' },
      subjects: [{ kind: 'User', name: 'alice' }],
    };
    const created = await post(`${RBAC}/clusterrolebindings`, binding);
    expect(created.status).toBe(201);
    // defaulted like SetDefaults_RoleBinding / SetDefaults_Subject
    expect(created.json()).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io' }],
    });
    const changed = await rawRequest(
      server,
      `${RBAC}/clusterrolebindings/fixed`,
      {
        token: admin,
        method: 'PUT',
        body: {
          ...binding,
          roleRef: { ...binding.roleRef, name: 'cluster-admin' },
        },
      },
    );
    expect(changed.status).toBe(422);
    expect(changed.json().message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "fixed" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"cluster-admin"}: cannot change roleRef',
    );
    const badSubject = await post(`${RBAC}/clusterrolebindings`, {
      ...binding,
      metadata: { name: 'bad' },
      roleRef: { ...binding.roleRef, kind: 'Role' },
      subjects: [{ kind: 'ServiceAccount', name: 'bot' }],
    });
    expect(badSubject.json().message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "bad" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value]',
    );
    const urlsInRole = await post(`${RBAC}/namespaces/default/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'urls' },
      rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
    });
    expect(urlsInRole.json().message).toBe(
      'Role.rbac.authorization.k8s.io "urls" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    );
  });
});
