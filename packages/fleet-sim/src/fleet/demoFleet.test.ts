import * as https from 'node:https';
import { parse } from 'yaml';
import { validateEsoObject } from '../kube/schema/esoSchemas';
import type { KubeObject } from '../kube/types';
import { REF } from '../scenarios/objects';
import { rolloutStatusMessage } from '../workloads/rolloutStatus';
import { startFleet, type FleetHandle } from './startFleet';

function kubeGet(
  url: string,
  caData: string,
  token: string,
  path: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${url}${path}`,
      {
        ca: Buffer.from(caData, 'base64'),
        agent: false,
        headers: { Authorization: `Bearer ${token}` },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          }),
        );
      },
    );
    req.on('error', reject);
  });
}

async function admin(
  fleet: FleetHandle,
  path: string,
  body: object = {},
): Promise<any> {
  const res = await fetch(`${fleet.admin.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${fleet.admin.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const ready = (o: KubeObject | undefined) =>
  (o?.status as any)?.conditions?.find((c: any) => c.type === 'Ready');
const events = (
  fleet: FleetHandle,
  cluster: string,
  name: string,
  reason: string,
) =>
  fleet
    .cluster(cluster)
    .store.list({ group: '', resource: 'events' })
    .filter(
      e => (e.involvedObject as any).name === name && e.reason === reason,
    );

describe('demo fleet (history played at start)', () => {
  let fleet: FleetHandle;
  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
  }, 60_000);
  afterAll(() => fleet?.stop());

  it('serves three clusters, prod-us with ESO v1beta1 only, and writes a usable app-config fragment', async () => {
    expect(
      fleet.clusters.map(c => [c.name, c.plan.environment, c.plan.eso]),
    ).toEqual([
      ['dev-eu', 'dev', 'v1'],
      ['prod-eu', 'prod', 'v1'],
      ['prod-us', 'prod', 'v1beta1-only'],
    ]);
    const config = parse(fleet.appConfigYaml);
    expect(config.secrets.clusters).toHaveLength(3);
    expect(config.secrets.vault).toEqual([
      {
        name: 'vault',
        url: fleet.vault.url,
        auth: { type: 'token', token: expect.stringMatching(/^hvs\./) },
      },
    ]);
    // the plugin's least-privilege token (deploy/vault-policy.hcl), never root
    expect(config.secrets.vault[0].auth.token).not.toBe(fleet.vault.rootToken);
    const stores = fleet.cluster('dev-eu').store.list(REF.clusterSecretStores);
    expect(
      stores.every(
        s => (s.spec as any).provider.vault.server === fleet.vault.url,
      ),
    ).toBe(true);

    const prodEu = config.secrets.clusters.find(
      (c: any) => c.name === 'prod-eu',
    );
    expect(prodEu).toMatchObject({
      environment: 'prod',
      authProvider: 'serviceAccount',
    });
    const list = await kubeGet(
      prodEu.url,
      prodEu.caData,
      prodEu.serviceAccountToken,
      '/apis/external-secrets.io/v1/externalsecrets',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(10);
    const secrets = await kubeGet(
      prodEu.url,
      prodEu.caData,
      prodEu.serviceAccountToken,
      '/api/v1/namespaces/payments/secrets',
    );
    expect(secrets.status).toBe(200);
    const single = await kubeGet(
      prodEu.url,
      prodEu.caData,
      prodEu.serviceAccountToken,
      '/api/v1/namespaces/payments/secrets/payments-api-db',
    );
    expect(single.status).toBe(403);
    const prodUs = config.secrets.clusters.find(
      (c: any) => c.name === 'prod-us',
    );
    const old = await kubeGet(
      prodUs.url,
      prodUs.caData,
      prodUs.serviceAccountToken,
      '/apis/external-secrets.io/v1beta1/externalsecrets',
    );
    expect(old.status).toBe(200);
    expect(old.body.items[0].apiVersion).toBe('external-secrets.io/v1beta1');
  });

  it('has about 30 ExternalSecrets labelled by component, all CRD-valid, mostly synced', () => {
    const all = fleet.clusters.flatMap(c => c.store.list(REF.externalSecrets));
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(
      new Set(all.map(e => e.metadata.labels?.['backstage.io/kubernetes-id'])),
    ).toEqual(
      new Set([
        'payments-api',
        'checkout-web',
        'ledger-worker',
        'search-indexer',
        'platform-canary',
      ]),
    );
    for (const c of fleet.clusters) {
      for (const ref of [
        REF.externalSecrets,
        REF.clusterSecretStores,
        REF.secretStores,
        REF.clusterExternalSecrets,
        REF.pushSecrets,
      ]) {
        for (const o of c.store.list(ref))
          expect({
            name: o.metadata.name,
            ...validateEsoObject(o),
          }).toMatchObject({ valid: true });
      }
    }
    const failing = all
      .filter(e => ready(e)?.status !== 'True')
      .map(e => e.metadata.name)
      .sort();
    expect(failing).toEqual([
      'checkout-web-legacy-config',
      'payments-api-feature-flags',
      'search-indexer-api',
    ]);
  });

  it('shows the trouble cases as a real ESO would', () => {
    const prodEu = fleet.cluster('prod-eu').store;
    expect(
      ready(prodEu.get(REF.secretStores, 'payments', 'vault-legacy')),
    ).toMatchObject({
      status: 'False',
      reason: 'InvalidProviderConfig',
      message: 'unable to validate store',
    });
    expect(
      events(fleet, 'prod-eu', 'vault-legacy', 'InvalidProviderConfig').some(
        e => /\* .*permission denied/s.test(String(e.message)),
      ),
    ).toBe(true);
    expect(
      events(fleet, 'prod-eu', 'checkout-web-legacy-config', 'UpdateFailed')[0]
        .message,
    ).toBe(
      'error processing spec.data[0] (key: checkout-web/legacy-config), err: SecretStore "vault-legacy" is not ready',
    );

    // the store left in backoff by the start-up outage, although Vault is back
    expect(
      ready(prodEu.get(REF.clusterSecretStores, undefined, 'vault-search')),
    ).toMatchObject({
      status: 'False',
      reason: 'InvalidProviderConfig',
      message: 'unable to create client',
    });
    expect(
      events(fleet, 'prod-eu', 'vault-search', 'InvalidProviderConfig')[0]
        .message,
    ).toMatch(
      /^unable to log in to auth method: unable to log in with app role auth: Put "http:\/\/127\.0\.0\.1:\d+\/v1\/auth\/approle\/login": dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/,
    );
    const retryIn =
      fleet
        .cluster('prod-eu')
        .eso.queues.clusterSecretStores.dueAt('vault-search')! -
      fleet.clock.now();
    expect(retryIn).toBeGreaterThan(2 * 60_000);
    expect(
      events(fleet, 'prod-eu', 'search-indexer-api', 'UpdateFailed').map(
        e => e.message,
      ),
    ).toContain(
      'error processing spec.data[0] (key: search-indexer/api), err: ClusterSecretStore "vault-search" is not ready',
    );
    // the same store in the other clusters (5 min refresh) never noticed the outage
    expect(
      ready(
        fleet
          .cluster('dev-eu')
          .store.get(REF.clusterSecretStores, undefined, 'vault-search'),
      ),
    ).toMatchObject({ status: 'True' });

    const dev = fleet.cluster('dev-eu').store;
    expect(
      events(fleet, 'dev-eu', 'payments-api-feature-flags', 'UpdateFailed')[0]
        .message,
    ).toBe(
      'error processing spec.data[0] (key: payments-api/feature-flags), err: Secret does not exist',
    );
    const secretValue = (store: typeof dev, name: string, key: string) =>
      Buffer.from(
        (store.get(REF.secrets, 'payments', name)!.data as any)[key],
        'base64',
      ).toString();
    expect(secretValue(prodEu, 'ledger-worker-signing', 'private-key')).toBe(
      'ledger-key-v1',
    ); // pinned
    expect(secretValue(dev, 'ledger-worker-signing', 'private-key')).toBe(
      'ledger-key-v2',
    );
    expect(
      (
        prodEu.get(REF.externalSecrets, 'payments', 'checkout-web-oauth')!
          .spec as any
      ).refreshPolicy,
    ).toBe('CreatedOnce');
    expect(
      prodEu.get(REF.secrets, 'payments', 'payments-api-db')!.metadata
        .annotations,
    ).toMatchObject({ 'secrets.example.com/vault-version': '1' });
    expect(
      fleet.vault.engine.readSecret({
        namespace: 'team-payments',
        mount: 'secret',
        path: 'ledger-worker/public-key',
      }),
    ).toMatchObject({
      customMetadata: { 'managed-by': 'external-secrets' },
    });
    expect(
      ready(
        prodEu.get(REF.pushSecrets, 'payments', 'ledger-worker-public-key'),
      ),
    ).toMatchObject({ reason: 'Synced' });
    expect(
      (
        prodEu.get(REF.clusterExternalSecrets, undefined, 'platform-canary')!
          .status as any
      ).provisionedNamespaces,
    ).toEqual(['payments', 'search']);
    for (const d of prodEu.list(REF.deployments))
      expect(rolloutStatusMessage(d).done).toBe(true);
  });

  it('recovers the stuck store on a bump through the admin API; its ExternalSecret needs its own bump', async () => {
    expect(
      (
        await admin(fleet, '/clusters/prod-eu/stores/bump', {
          kind: 'ClusterSecretStore',
          name: 'vault-search',
        })
      ).status,
    ).toBe(200);
    await fleet.warp(1_000);
    const prodEu = fleet.cluster('prod-eu').store;
    expect(
      ready(prodEu.get(REF.clusterSecretStores, undefined, 'vault-search')),
    ).toMatchObject({ status: 'True', reason: 'Valid' });
    expect(
      ready(prodEu.get(REF.externalSecrets, 'search', 'search-indexer-api')),
    ).toMatchObject({ status: 'False' });
    prodEu.mergePatch(REF.externalSecrets, 'search', 'search-indexer-api', {
      metadata: { annotations: { 'force-sync': '1' } },
    });
    await fleet.warp(1_000);
    expect(
      ready(prodEu.get(REF.externalSecrets, 'search', 'search-indexer-api')),
    ).toMatchObject({ status: 'True', reason: 'SecretSynced' });
  });

  it("breaks and fixes a store's auth, and rejects admin calls without the token", async () => {
    const unauthorized = await fetch(`${fleet.admin.url}/vault/seal`, {
      method: 'POST',
    });
    expect(unauthorized.status).toBe(401);
    const broke = await admin(fleet, '/clusters/dev-eu/stores/break', {
      kind: 'ClusterSecretStore',
      name: 'vault-payments',
    });
    expect(broke.body).toEqual({
      ok: true,
      result: 'ServiceAccount external-secrets/external-secrets deleted',
    });
    await admin(fleet, '/clusters/dev-eu/stores/bump', {
      kind: 'ClusterSecretStore',
      name: 'vault-payments',
    });
    await fleet.warp(1_000);
    const dev = fleet.cluster('dev-eu').store;
    expect(
      ready(dev.get(REF.clusterSecretStores, undefined, 'vault-payments')),
    ).toMatchObject({ status: 'False', message: 'unable to create client' });
    expect(
      events(fleet, 'dev-eu', 'vault-payments', 'InvalidProviderConfig').map(
        e => e.message,
      ),
    ).toContain(
      'cannot request Kubernetes service account token for service account "external-secrets": cannot get Kubernetes service account "external-secrets": ServiceAccount "external-secrets" not found',
    );
    await admin(fleet, '/clusters/dev-eu/stores/fix', {
      kind: 'ClusterSecretStore',
      name: 'vault-payments',
    });
    await admin(fleet, '/clusters/dev-eu/stores/bump', {
      kind: 'ClusterSecretStore',
      name: 'vault-payments',
    });
    await fleet.warp(1_000);
    expect(
      ready(dev.get(REF.clusterSecretStores, undefined, 'vault-payments')),
    ).toMatchObject({ status: 'True' });
  });

  it('rotates end to end: Vault write, ES bump, new data-hash, Reloader rollout', async () => {
    const dev = fleet.cluster('dev-eu').store;
    const hash = () =>
      dev.get(REF.secrets, 'payments', 'payments-api-db')!.metadata
        .annotations!['reconcile.external-secrets.io/data-hash'];
    const before = hash();
    const generation = dev.get(REF.deployments, 'payments', 'payments-api')!
      .metadata.generation!;
    fleet.vault.engine.putSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
      data: { username: 'payments', password: 'rotated' },
    });
    dev.mergePatch(REF.externalSecrets, 'payments', 'payments-api-db', {
      metadata: { annotations: { 'force-sync': '2' } },
    });
    await fleet.warp(2_000);
    expect(hash()).not.toBe(before);
    expect(
      dev.get(REF.secrets, 'payments', 'payments-api-db')!.metadata
        .annotations!['secrets.example.com/vault-version'],
    ).toBe('2');
    const d = dev.get(REF.deployments, 'payments', 'payments-api')!;
    expect(d.metadata.generation).toBe(generation + 1);
    await fleet.warp(30_000);
    expect(
      rolloutStatusMessage(
        dev.get(REF.deployments, 'payments', 'payments-api')!,
      ).done,
    ).toBe(true);
  });

  it('drives API server and Vault faults through the admin API', async () => {
    const dev = fleet.appConfig.secrets.clusters.find(
      c => c.name === 'dev-eu',
    )!;
    const get = () =>
      kubeGet(
        dev.url,
        dev.caData!,
        dev.serviceAccountToken,
        '/apis/external-secrets.io/v1/namespaces/payments/externalsecrets',
      );
    expect(
      (await admin(fleet, '/clusters/dev-eu/fail5xx', { next: 1 })).status,
    ).toBe(200);
    expect((await get()).status).toBe(500);
    expect((await get()).status).toBe(200);
    await admin(fleet, '/clusters/dev-eu/down');
    await expect(get()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await admin(fleet, '/clusters/dev-eu/up');
    expect((await get()).status).toBe(200);
    expect((await admin(fleet, '/clusters/dev-eu/cut-watches')).body).toEqual({
      ok: true,
      result: { cut: 0 },
    });
    expect((await admin(fleet, '/clusters/nowhere/down')).status).toBe(404);

    await admin(fleet, '/vault/seal');
    const health = await fetch(`${fleet.vault.url}/v1/sys/health`);
    expect(health.status).toBe(503);
    await admin(fleet, '/vault/unseal');
    expect((await fetch(`${fleet.vault.url}/v1/sys/health`)).status).toBe(200);
    const summary = await (
      await fetch(`${fleet.admin.url}/fleet`, {
        headers: { Authorization: `Bearer ${fleet.admin.token}` },
      })
    ).json();
    expect(summary).toMatchObject({
      scenario: 'demo',
      clusters: [
        { name: 'dev-eu', down: false },
        { name: 'prod-eu' },
        { name: 'prod-us' },
      ],
    });
  });
});
