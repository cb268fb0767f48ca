import { connect } from 'node:net';
import { SimClock } from '../../clock/SimClock';
import { openWatch, rawRequest } from '../__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from '../createKubeApiServer';
import { ADMIN_RULES } from './accessRules';

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const socket = connect(Number(port), hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNREFUSED'),
    );
  });
}

describe('faults and authentication', () => {
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let admin: string;

  beforeAll(async () => {
    clock = new SimClock({ scale: 1000 });
    server = await createKubeApiServer({ name: 'faults', clock, tls: true });
    admin = server.issueToken(ADMIN_RULES);
  }, 30_000); // TLS key pairs can take seconds on a loaded CI machine
  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  it('down() refuses connections and up() serves again on the same port', async () => {
    const watch = await openWatch(server, '/api/v1/namespaces?watch=1', admin);
    await server.faults.down();
    expect(server.faults.isDown).toBe(true);
    expect(await refused(server.url)).toBe(true);
    await watch.ended;
    await server.faults.up();
    expect(
      (await rawRequest(server, '/version', { token: admin })).status,
    ).toBe(200);
  });

  it('fail5xx fails exactly the next N requests, then a deterministic rate', async () => {
    server.faults.fail5xx({ next: 2, code: 503 });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await rawRequest(server, '/api/v1/namespaces', { token: admin }))
          .status,
      );
    expect(codes).toEqual([503, 503, 200]);
    server.faults.fail5xx({ rate: 0.5 });
    const rated = [];
    for (let i = 0; i < 4; i++)
      rated.push(
        (await rawRequest(server, '/api/v1/namespaces', { token: admin }))
          .status,
      );
    expect(rated).toEqual([200, 500, 200, 500]);
    const failed = await (async () => {
      server.faults.fail5xx({ next: 1 });
      return rawRequest(server, '/api/v1/namespaces', { token: admin });
    })();
    expect(failed.json()).toMatchObject({
      kind: 'Status',
      reason: 'InternalError',
      code: 500,
    });
    server.faults.clear5xx();
  });

  it('latencyMs delays requests in simulated time', async () => {
    server.faults.latencyMs = 200_000; // 200 simulated seconds = 200 ms at scale 1000
    const started = Date.now();
    await rawRequest(server, '/version', { token: admin });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    server.faults.latencyMs = 0;
  });

  it('cutWatches() drops open watch connections', async () => {
    const watch = await openWatch(server, '/api/v1/namespaces?watch=1', admin);
    await watch.next(4);
    expect(server.faults.cutWatches()).toBe(1);
    await watch.ended;
  });

  it('revokeToken() makes a token unauthorized', async () => {
    const token = server.issueToken(ADMIN_RULES);
    expect(
      (await rawRequest(server, '/api/v1/namespaces', { token })).status,
    ).toBe(200);
    server.faults.revokeToken(token);
    expect(
      (await rawRequest(server, '/api/v1/namespaces', { token })).status,
    ).toBe(401);
  });

  it('validates service-account tokens through TokenReview, until revoked', async () => {
    const reviewer = server.issueToken(
      [
        {
          verbs: ['create'],
          resources: ['authentication.k8s.io/tokenreviews'],
        },
      ],
      { user: 'vault' },
    );
    const jwt = server.issueServiceAccountToken('default', 'external-secrets');
    expect(jwt.split('.')).toHaveLength(3);
    const review = (token: string, audiences?: string[]) =>
      rawRequest(server, '/apis/authentication.k8s.io/v1/tokenreviews', {
        token: reviewer,
        method: 'POST',
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenReview',
          spec: { token, audiences },
        },
      });
    const ok = await review(jwt);
    expect(ok.status).toBe(201);
    const account = server.store.get(
      { group: '', resource: 'serviceaccounts' },
      'default',
      'external-secrets',
    )!;
    expect(ok.json().status).toEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:default:external-secrets',
        uid: account.metadata.uid,
        groups: [
          'system:serviceaccounts',
          'system:serviceaccounts:default',
          'system:authenticated',
        ],
        extra: {
          'authentication.kubernetes.io/credential-id': [
            expect.stringMatching(/^JTI=/),
          ],
        },
      },
      audiences: ['https://kubernetes.default.svc.cluster.local'],
    });
    expect((await review(jwt, ['vault'])).json().status.error).toContain(
      'invalid for the target audiences',
    );
    const tampered = `${jwt.slice(0, -4)}AAAA`;
    expect((await review(tampered)).json().status).toEqual({
      user: {},
      error: expect.stringContaining('invalid bearer token'),
    });
    server.faults.revokeToken(jwt);
    expect((await review(jwt)).json().status.authenticated).toBeUndefined();
  });

  it('issues service-account tokens through the TokenRequest subresource and authenticates with them', async () => {
    server.grantServiceAccount('default', 'reader', [
      { verbs: ['list'], resources: ['secrets'], namespaces: ['default'] },
    ]);
    server.issueServiceAccountToken('default', 'reader');
    const res = await rawRequest(
      server,
      '/api/v1/namespaces/default/serviceaccounts/reader/token',
      {
        token: admin,
        method: 'POST',
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          // a day: at scale 1000 the API server's 600 s minimum lasts only 0.6 s of wall time
          spec: { expirationSeconds: 86_400 },
        },
      },
    );
    expect(res.status).toBe(201);
    const token = res.json().status.token;
    expect(
      (
        await rawRequest(server, '/api/v1/namespaces/default/secrets', {
          token,
        })
      ).status,
    ).toBe(200);
    const denied = await rawRequest(
      server,
      '/api/v1/namespaces/kube-system/secrets',
      { token },
    );
    expect(denied.json().message).toBe(
      'secrets is forbidden: User "system:serviceaccount:default:reader" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    );
  });
});
