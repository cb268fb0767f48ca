import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import NodeVault from 'node-vault';
import { SimClock } from '../../clock/SimClock';
import { selfSignedCertificate } from '../server/selfSignedCert';
import { startVaultServer } from '../server/startVaultServer';
import { vaultFetch } from '../testUtils';
import type { VaultServerHandle } from '../types';

const REVIEWER_JWT = 'reviewer-token';

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', kid: 'k' })}.${enc(claims)}.c2lnbmF0dXJl`;
}

function projectedToken(namespace: string, name: string, uid: string): string {
  return jwt({
    aud: ['https://kubernetes.default.svc'],
    exp: Math.floor(Date.now() / 1000) + 3600,
    iss: 'https://kubernetes.default.svc',
    'kubernetes.io': { namespace, serviceaccount: { name, uid } },
    sub: `system:serviceaccount:${namespace}:${name}`,
  });
}

/** Known service-account tokens -> identity, like an API server's token authenticator. */
const ACCOUNTS = new Map<
  string,
  { namespace: string; name: string; uid: string }
>();

interface Recorded {
  authorization?: string;
  body: any;
}

/** A minimal authentication.k8s.io/v1 TokenReview endpoint with the API server's shapes. */
function tokenReviewHandler(recorded: Recorded[]) {
  return (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      recorded.push({ authorization: req.headers.authorization, body });
      res.setHeader('Content-Type', 'application/json');
      if (
        req.method !== 'POST' ||
        req.url !== '/apis/authentication.k8s.io/v1/tokenreviews'
      ) {
        res.writeHead(404).end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
          }),
        );
        return;
      }
      if (req.headers.authorization !== `Bearer ${REVIEWER_JWT}`) {
        res.writeHead(401).end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'Unauthorized',
            reason: 'Unauthorized',
            code: 401,
          }),
        );
        return;
      }
      const account = ACCOUNTS.get(body.spec?.token);
      const status = account
        ? {
            authenticated: true,
            user: {
              username: `system:serviceaccount:${account.namespace}:${account.name}`,
              uid: account.uid,
              groups: [
                'system:serviceaccounts',
                `system:serviceaccounts:${account.namespace}`,
                'system:authenticated',
              ],
            },
            audiences: body.spec.audiences ?? [
              'https://kubernetes.default.svc',
            ],
          }
        : { user: {}, error: '[invalid bearer token, token lookup failed]' };
      res.writeHead(201).end(
        JSON.stringify({
          kind: 'TokenReview',
          apiVersion: 'authentication.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec: body.spec,
          status,
        }),
      );
    });
  };
}

function listen(server: Server): Promise<number> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as { port: number }).port),
    ),
  );
}

describe('Kubernetes auth against a TokenReview API', () => {
  // real time: nothing here waits on the clock, and at scale 1000 the role's 600 s token TTL and
  // the 30 s TokenReview deadline would be 0.6 s and 30 ms of wall time on a busy CI machine
  const clock = new SimClock();
  const recorded: Recorded[] = [];
  const cert = selfSignedCertificate('kube-apiserver');
  let vault: VaultServerHandle;
  let httpCluster: Server;
  let httpsCluster: Server;
  let appToken: string;

  beforeAll(async () => {
    httpCluster = createServer(tokenReviewHandler(recorded));
    httpsCluster = createHttpsServer(
      { cert: cert.certPem, key: cert.keyPem },
      tokenReviewHandler(recorded),
    );
    const [httpPort, httpsPort] = await Promise.all([
      listen(httpCluster),
      listen(httpsCluster),
    ]);
    appToken = projectedToken('payments', 'payments-app', 'uid-1');
    ACCOUNTS.set(appToken, {
      namespace: 'payments',
      name: 'payments-app',
      uid: 'uid-1',
    });

    vault = await startVaultServer({ clock });
    vault.engine.enableKv({ path: 'secret', version: 2 });
    vault.engine.writePolicy({
      name: 'payments',
      policy: 'path "secret/data/payments/*" { capabilities = ["read"] }',
    });
    vault.engine.configureKubernetesAuth({
      kubernetesHost: `http://127.0.0.1:${httpPort}`,
      tokenReviewerJwt: REVIEWER_JWT,
    });
    vault.engine.createKubernetesRole({
      name: 'payments',
      boundServiceAccountNames: ['payments-app'],
      boundServiceAccountNamespaces: ['payments'],
      policies: ['payments'],
      tokenTtlSeconds: 600,
    });
    vault.engine.configureKubernetesAuth({
      mount: 'kubernetes-tls',
      kubernetesHost: `https://127.0.0.1:${httpsPort}`,
      kubernetesCaCert: cert.certPem,
      tokenReviewerJwt: REVIEWER_JWT,
    });
    vault.engine.createKubernetesRole({
      mount: 'kubernetes-tls',
      name: 'payments',
      boundServiceAccountNames: ['payments-*'],
      boundServiceAccountNamespaces: ['*'],
      policies: ['payments'],
    });
  });
  afterAll(async () => {
    await vault.stop();
    await new Promise(r => httpCluster.close(r));
    await new Promise(r => httpsCluster.close(r));
  });

  it('logs in with node-vault kubernetesLogin after a TokenReview round trip', async () => {
    recorded.length = 0;
    const client = NodeVault({ endpoint: vault.url });
    // node-vault 0.12 renders {{kubernetesPath}} from the call's args, so mount_point is required
    const login = await client.kubernetesLogin({
      role: 'payments',
      jwt: appToken,
      mount_point: 'kubernetes',
    });
    expect(login.auth).toMatchObject({
      policies: ['default', 'payments'],
      token_policies: ['default', 'payments'],
      lease_duration: 600,
      renewable: true,
      orphan: true,
      metadata: {
        role: 'payments',
        service_account_name: 'payments-app',
        service_account_namespace: 'payments',
        service_account_secret_name: '',
        service_account_uid: 'uid-1',
      },
    });
    expect(recorded).toEqual([
      {
        authorization: `Bearer ${REVIEWER_JWT}`,
        body: {
          metadata: { creationTimestamp: null },
          spec: {
            token: appToken,
            audiences: ['https://kubernetes.default.svc'],
          },
          status: { user: {} },
        },
      },
    ]);
    const self = await client.tokenLookupSelf();
    expect(self.data.display_name).toBe('kubernetes-payments-payments-app');
  });

  it('validates the cluster certificate with kubernetes_ca_cert for HTTPS hosts', async () => {
    const client = NodeVault({ endpoint: vault.url });
    const login = await client.kubernetesLogin({
      role: 'payments',
      jwt: appToken,
      mount_point: 'kubernetes-tls',
    });
    expect(login.auth.client_token).toMatch(/^hvs\./);
  });

  it("refuses service accounts and namespaces outside the role with Vault's messages", async () => {
    const stranger = projectedToken('payments', 'intruder', 'uid-2');
    ACCOUNTS.set(stranger, {
      namespace: 'payments',
      name: 'intruder',
      uid: 'uid-2',
    });
    const wrongName = await vaultFetch(vault, 'POST', 'auth/kubernetes/login', {
      body: { role: 'payments', jwt: stranger },
    });
    expect(wrongName).toMatchObject({
      status: 403,
      body: { errors: ['service account name not authorized'] },
    });
    const elsewhere = projectedToken('orders', 'payments-app', 'uid-3');
    ACCOUNTS.set(elsewhere, {
      namespace: 'orders',
      name: 'payments-app',
      uid: 'uid-3',
    });
    const wrongNs = await vaultFetch(vault, 'POST', 'auth/kubernetes/login', {
      body: { role: 'payments', jwt: elsewhere },
    });
    expect(wrongNs).toMatchObject({
      status: 403,
      body: { errors: ['namespace not authorized'] },
    });
  });

  it('answers permission denied when the cluster does not authenticate the token', async () => {
    const forged = projectedToken('payments', 'payments-app', 'uid-1').replace(
      /\.[^.]+$/,
      '.Zm9yZ2Vk',
    );
    const raw = await vaultFetch(vault, 'POST', 'auth/kubernetes/login', {
      body: { role: 'payments', jwt: forged },
    });
    expect(raw).toMatchObject({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    const client = NodeVault({ endpoint: vault.url });
    await expect(
      client.kubernetesLogin({
        role: 'payments',
        jwt: forged,
        mount_point: 'kubernetes',
      }),
    ).rejects.toMatchObject({
      message: 'permission denied',
    });
  });

  it('answers permission denied when the reviewer JWT is rejected or the cluster is down', async () => {
    vault.engine.configureKubernetesAuth({
      mount: 'kubernetes-bad-reviewer',
      kubernetesHost: `http://127.0.0.1:${
        (httpCluster.address() as { port: number }).port
      }`,
      tokenReviewerJwt: 'wrong',
    });
    vault.engine.createKubernetesRole({
      mount: 'kubernetes-bad-reviewer',
      name: 'r',
      boundServiceAccountNames: ['*'],
      boundServiceAccountNamespaces: ['*'],
      policies: [],
    });
    const rejected = await vaultFetch(
      vault,
      'POST',
      'auth/kubernetes-bad-reviewer/login',
      { body: { role: 'r', jwt: appToken } },
    );
    expect(rejected).toMatchObject({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    vault.engine.configureKubernetesAuth({
      mount: 'kubernetes-down',
      kubernetesHost: 'http://127.0.0.1:1',
      tokenReviewerJwt: REVIEWER_JWT,
    });
    vault.engine.createKubernetesRole({
      mount: 'kubernetes-down',
      name: 'r',
      boundServiceAccountNames: ['*'],
      boundServiceAccountNamespaces: ['*'],
      policies: [],
    });
    const down = await vaultFetch(vault, 'POST', 'auth/kubernetes-down/login', {
      body: { role: 'r', jwt: appToken },
    });
    expect(down).toMatchObject({
      status: 403,
      body: { errors: ['permission denied'] },
    });
  });

  it("behaves like Vault for node-vault's kubernetesLogin without mount_point (POST /v1/auth//login)", async () => {
    const raw = await fetch(`${vault.url}/v1/auth//login`, {
      method: 'POST',
      body: '{}',
      redirect: 'manual',
    });
    expect(raw.status).toBe(301);
    expect(raw.headers.get('location')).toBe('/v1/auth/login');
    // axios follows the 301 as a GET without body or token: Vault's CheckToken refuses it
    const client = NodeVault({ endpoint: vault.url });
    await expect(
      client.kubernetesLogin({ role: 'payments', jwt: appToken }),
    ).rejects.toMatchObject({
      message: 'permission denied',
      response: { statusCode: 403 },
    });
  });

  it('validates login input before calling the cluster', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ jwt: appToken }, 400, 'missing role'],
      [{ role: 'payments' }, 400, 'missing jwt'],
      [{ role: 'ghost', jwt: appToken }, 400, 'invalid role name "ghost"'],
      [
        { role: 'payments', jwt: 'not-a-jwt' },
        403,
        'go-jose/go-jose: compact JWS format must have three parts',
      ],
    ];
    for (const [body, status, message] of cases) {
      const raw = await vaultFetch(vault, 'POST', 'auth/kubernetes/login', {
        body,
      });
      expect(raw).toMatchObject({ status, body: { errors: [message] } });
    }
  });
});
