/*
 * The backend's Vault KV client against fleet-sim's Vault over real HTTP: the demo's namespaces
 * and secrets, with the plugin's own identities added per namespace (Kubernetes auth in
 * team-payments, AppRole in team-search, a token in the root namespace).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  PLUGIN_SERVICE_ACCOUNT,
  startFleet,
  type FleetHandle,
} from '@internal/fleet-sim';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { fleetAdmin } from '../__testUtils__/fleetAdmin';
import { DefaultVaultKv } from '../vault';
import type { VaultSecretRef } from '../vault';

const PAYMENTS = 'team-payments';
const SEARCH = 'team-search';
const ROTATED = ['rotated-pw-7Xq9', 'stale-pw-3Kd1', 'platform-rotated-Zz8'];

describe('DefaultVaultKv against fleet-sim Vault', () => {
  let fleet: FleetHandle;
  let dir: string;
  let server: string;
  let kubernetesMount: string;
  /** Every credential the tests hand out: none may appear in an error or a log line. */
  const credentials: string[] = [];
  const logs: string[] = [];
  const errors: string[] = [];
  const logger = mockServices.logger.mock({
    info: (m: string, meta?: unknown) =>
      void logs.push(`${m} ${JSON.stringify(meta ?? {})}`),
    warn: (m: string, meta?: unknown) =>
      void logs.push(`${m} ${JSON.stringify(meta ?? {})}`),
    error: (m: string, meta?: unknown) =>
      void logs.push(`${m} ${JSON.stringify(meta ?? {})}`),
    debug: (m: string, meta?: unknown) =>
      void logs.push(`${m} ${JSON.stringify(meta ?? {})}`),
  });
  let vaultConfig: JsonObject;

  function kvFor(
    vault: JsonObject,
    options: { timeoutMs?: number; now?: () => number } = {},
  ) {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: { includeKubernetesPluginClusters: false, vault: [vault] },
      }),
    );
    return DefaultVaultKv.fromConfig(config, { logger, ...options });
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      errors.push(`${(error as Error).message} ${(error as Error).stack}`);
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  const payments = (key: string): VaultSecretRef => ({
    server,
    namespace: PAYMENTS,
    mount: 'secret',
    key,
  });
  const loginCount = () =>
    fleet.vault.requestCounts()[`POST auth/${kubernetesMount}/login`] ?? 0;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', history: false });
    dir = mkdtempSync(join(tmpdir(), 'secrets-vault-kv-'));
    const { engine } = fleet.vault;
    server = `${fleet.vault.url}/`; // as a SecretStore may write it

    engine.writePolicy({
      namespace: PAYMENTS,
      name: 'backstage-rotate',
      policy: ['payments-api', 'ledger-worker']
        .map(
          app =>
            `path "secret/data/${app}/*" { capabilities = ["create", "read", "update"] }\n` +
            `path "secret/metadata/${app}/*" { capabilities = ["read"] }`,
        )
        .join('\n'),
    });
    const cluster = fleet.clusters[0];
    kubernetesMount = `kubernetes-${cluster.name}`;
    engine.createKubernetesRole({
      namespace: PAYMENTS,
      mount: kubernetesMount,
      name: 'backstage',
      boundServiceAccountNames: [PLUGIN_SERVICE_ACCOUNT.name],
      boundServiceAccountNamespaces: [PLUGIN_SERVICE_ACCOUNT.namespace],
      policies: ['backstage-rotate'],
      tokenTtlSeconds: 600,
    });
    const jwt = cluster.api.issueServiceAccountToken(
      PLUGIN_SERVICE_ACCOUNT.namespace,
      PLUGIN_SERVICE_ACCOUNT.name,
      { expirationSeconds: 24 * 3600 },
    );
    const jwtFile = join(dir, 'token');
    writeFileSync(jwtFile, jwt);

    engine.writePolicy({
      namespace: SEARCH,
      name: 'backstage-read',
      policy:
        'path "secret/data/*" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["read"] }',
    });
    const approle = engine.createAppRole({
      namespace: SEARCH,
      roleName: 'backstage',
      policies: ['backstage-read'],
    });

    engine.enableKv({ path: 'legacy', version: 1 });
    engine.putSecret({ mount: 'legacy', path: 'app', data: { pw: 'v1-pw' } });
    engine.writePolicy({
      name: 'backstage-platform',
      policy:
        'path "platform/data/*" { capabilities = ["create", "read", "update"] }\n' +
        'path "platform/metadata/*" { capabilities = ["read"] }\n' +
        'path "legacy/*" { capabilities = ["read", "update"] }',
    });
    const platform = engine.createToken({ policies: ['backstage-platform'] });

    credentials.push(
      jwt,
      approle.secretId,
      platform.token,
      fleet.vault.rootToken,
    );
    vaultConfig = {
      name: 'vault',
      url: fleet.appConfig.secrets.vault[0].url,
      auth: { type: 'token', token: platform.token },
      namespaces: [
        {
          namespace: PAYMENTS,
          auth: {
            type: 'kubernetes',
            mountPath: kubernetesMount,
            role: 'backstage',
            serviceAccountTokenFile: jwtFile,
          },
        },
        {
          namespace: `/${SEARCH}/`,
          auth: {
            type: 'approle',
            roleId: approle.roleId,
            secretId: approle.secretId,
          },
        },
      ],
    };
  }, 60_000);

  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the metadata of a demo secret with a Kubernetes login', async () => {
    const kv = kvFor(vaultConfig);
    const metadata = await kv.readMetadata(payments('payments-api/stripe'));
    expect(metadata).toMatchObject({
      currentVersion: 1,
      oldestVersion: 0,
      maxVersions: 0,
      casRequired: false,
      customMetadata: { owner: 'team-payments' },
    });
    expect(metadata.versions).toEqual([
      {
        version: 1,
        createdTime: expect.any(String),
        deletionTime: undefined,
        destroyed: false,
      },
    ]);
  });

  it('reads the latest and an older version', async () => {
    const kv = kvFor(vaultConfig);
    const key = payments('ledger-worker/signing');
    await expect(kv.readVersion(key)).resolves.toMatchObject({
      version: 2,
      data: { 'private-key': 'ledger-key-v2' },
    });
    await expect(kv.readVersion(key, 1)).resolves.toMatchObject({
      version: 1,
      data: { 'private-key': 'ledger-key-v1' },
    });
    expect(await failure(kv.readVersion(key, 9))).toBeInstanceOf(NotFoundError);
  });

  it('writes a version with the current check-and-set and refuses a stale one', async () => {
    const kv = kvFor(vaultConfig);
    const key = payments('payments-api/db');
    const before = await kv.readMetadata(key);
    const written = await kv.writeVersion(
      key,
      { username: 'payments', password: ROTATED[0] },
      { cas: before.currentVersion },
    );
    expect(written.version).toBe(before.currentVersion + 1);

    const stale = await failure(
      kv.writeVersion(
        key,
        { username: 'payments', password: ROTATED[1] },
        { cas: before.currentVersion },
      ),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect(
      fleet.vault.engine.readSecret({
        namespace: PAYMENTS,
        mount: 'secret',
        path: 'payments-api/db',
      }),
    ).toMatchObject({
      version: written.version,
      data: { password: ROTATED[0] },
    });
  });

  it('maps a forbidden path to NotAllowedError and a missing key to NotFoundError', async () => {
    const kv = kvFor(vaultConfig);
    expect(
      await failure(kv.readVersion(payments('checkout-web/session'))),
    ).toBeInstanceOf(NotAllowedError);
    const missing = await failure(
      kv.readVersion(payments('payments-api/no-such-key')),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain('payments-api/no-such-key');
  });

  it('pre-flights capabilities from the policy', async () => {
    const kv = kvFor(vaultConfig);
    await expect(
      kv.checkCapabilities(payments('payments-api/stripe')),
    ).resolves.toMatchObject({
      dataPath: 'secret/data/payments-api/stripe',
      metadataPath: 'secret/metadata/payments-api/stripe',
      canRead: true,
      canUpdate: true,
      canReadMetadata: true,
    });
    await expect(
      kv.checkCapabilities(payments('checkout-web/session')),
    ).resolves.toMatchObject({
      data: ['deny'],
      canRead: false,
      canUpdate: false,
    });
  });

  it('keeps namespaces apart: payments credentials cannot read team-search', async () => {
    const paymentsToken = fleet.vault.engine.createToken({
      namespace: PAYMENTS,
      policies: ['backstage-rotate'],
    }).token;
    credentials.push(paymentsToken);
    const paymentsOnly = kvFor({
      ...vaultConfig,
      auth: { type: 'token', token: paymentsToken },
      namespaces: [],
    });
    const search: VaultSecretRef = {
      server,
      namespace: SEARCH,
      mount: 'secret',
      key: 'search-indexer/elastic',
    };
    await expect(
      paymentsOnly.readVersion(payments('ledger-worker/signing')),
    ).resolves.toMatchObject({ version: 2 });
    expect(await failure(paymentsOnly.readVersion(search))).toBeInstanceOf(
      NotAllowedError,
    );
    // the search namespace's own AppRole identity can
    await expect(kvFor(vaultConfig).readVersion(search)).resolves.toMatchObject(
      { data: { username: 'indexer' } },
    );
  });

  it('names the config key when the server is not configured', async () => {
    const error = await failure(
      kvFor(vaultConfig).readVersion({
        ...payments('payments-api/db'),
        server: 'https://vault.elsewhere.example:8200',
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('https://vault.elsewhere.example:8200');
    expect(error.message).toContain('secrets.vault');
  });

  it('logs in once, then again when the token expires or is refused', async () => {
    // on the fleet's clock the client sees the lease end; on its own it learns from the 403
    const onFleetClock = kvFor(vaultConfig, { now: () => fleet.clock.now() });
    const onOwnClock = kvFor(vaultConfig);
    const key = payments('ledger-worker/signing');
    const start = loginCount();
    await onFleetClock.readVersion(key);
    await onFleetClock.readMetadata(key);
    await onOwnClock.readVersion(key);
    await onOwnClock.readMetadata(key);
    expect(loginCount()).toBe(start + 2);

    await fleet.warp(601_000);
    const refusedBefore = logs.filter(l => l.includes('logging in again'));
    await expect(onFleetClock.readVersion(key)).resolves.toMatchObject({
      version: 2,
    });
    expect(loginCount()).toBe(start + 3);
    expect(logs.filter(l => l.includes('logging in again'))).toEqual(
      refusedBefore,
    );
    await expect(onOwnClock.readVersion(key)).resolves.toMatchObject({
      version: 2,
    });
    expect(loginCount()).toBe(start + 4);
    expect(logs.filter(l => l.includes('logging in again')).length).toBe(
      refusedBefore.length + 1,
    );
  });

  it('does not retry a refused static token', async () => {
    const revoked = fleet.vault.engine.createToken({
      policies: ['backstage-platform'],
    }).token;
    credentials.push(revoked);
    await fleetAdmin(fleet, '/vault/revoke-token', { token: revoked });
    const kv = kvFor({
      ...vaultConfig,
      auth: { type: 'token', token: revoked },
    });
    const before = fleet.vault.requestCounts()['GET platform/data/canary'] ?? 0;
    expect(
      await failure(
        kv.readVersion({ server, mount: 'platform', key: 'canary' }),
      ),
    ).toBeInstanceOf(NotAllowedError);
    expect(fleet.vault.requestCounts()['GET platform/data/canary']).toBe(
      before + 1,
    );
  });

  it('reports a sealed Vault and a timeout as ServiceUnavailableError', async () => {
    const kv = kvFor(vaultConfig, { timeoutMs: 300 });
    const canary: VaultSecretRef = { server, mount: 'platform', key: 'canary' };
    await expect(kv.readVersion(canary)).resolves.toMatchObject({ version: 1 });
    await fleetAdmin(fleet, '/vault/seal');
    try {
      expect(await failure(kv.readVersion(canary))).toBeInstanceOf(
        ServiceUnavailableError,
      );
    } finally {
      await fleetAdmin(fleet, '/vault/unseal');
    }
    fleet.vault.setLatency(1500);
    try {
      const slow = await failure(kv.readVersion(canary));
      expect(slow).toBeInstanceOf(ServiceUnavailableError);
      expect(slow.message).toMatch(/timeout|ECONNABORTED/i);
    } finally {
      fleet.vault.setLatency(0);
    }
  });

  it('writes in the root namespace with the server-level token', async () => {
    const kv = kvFor(vaultConfig);
    const canary: VaultSecretRef = { server, mount: 'platform', key: 'canary' };
    const { currentVersion } = await kv.readMetadata(canary);
    await expect(
      kv.writeVersion(canary, { token: ROTATED[2] }, { cas: currentVersion }),
    ).resolves.toMatchObject({ version: currentVersion + 1 });
  });

  it('reads KV v1 and says why it cannot version or check-and-set', async () => {
    const kv = kvFor(vaultConfig);
    const legacy: VaultSecretRef = {
      server,
      mount: 'legacy',
      key: 'app',
      kvVersion: 'v1',
    };
    await expect(kv.readVersion(legacy)).resolves.toEqual({
      data: { pw: 'v1-pw' },
    });
    const metadata = await failure(kv.readMetadata(legacy));
    expect(metadata).toBeInstanceOf(InputError);
    expect(metadata.message).toContain('KV v1');
    const write = await failure(
      kv.writeVersion(legacy, { pw: 'x' }, { cas: 0 }),
    );
    expect(write).toBeInstanceOf(InputError);
    expect(write.message).toContain('check-and-set');
  });

  it('never puts a credential or a secret value in an error or a log line', () => {
    expect(errors.length).toBeGreaterThan(8);
    const values = [
      ...ROTATED,
      'ledger-key-v1',
      'ledger-key-v2',
      'es-pw-1',
      'pg-7Hq2-first',
    ];
    for (const text of [...errors, ...logs]) {
      for (const secret of [...credentials, ...values])
        expect(text).not.toContain(secret);
    }
  });
});
