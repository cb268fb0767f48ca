/*
 * Rotation's Vault operations against fleet-sim's Vault over real HTTP, with the plugin's own
 * least-privilege token from the demo (deploy/vault-policy.hcl, root namespace, reaching the
 * tenants through namespace-prefixed paths): the merge patch, check-and-set, key names without
 * values, the announcement in custom_metadata, password policies and rollback.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { rotationPlan } from '../__testUtils__/rotationFixtures';
import {
  ROTATION_ID_METADATA,
  ROTATION_VERSION_METADATA,
  VaultRotationOps,
} from '../rotation/adapters/VaultRotationOps';
import { DefaultVaultKv } from '../vault';

const PAYMENTS = 'team-payments';
/** Values the tests write: none may appear in an error or a log line. */
const WRITTEN = [
  'rot-pw-Qm4v9',
  'rot-pw-stale-8Jd',
  'rmw-pw-T5xa',
  'v1-new-pw-2Lk',
];

describe('VaultRotationOps against fleet-sim Vault with the demo policy', () => {
  let fleet: FleetHandle;
  let ops: VaultRotationOps;
  let kv: DefaultVaultKv;
  let serverName: string;
  const logs: string[] = [];
  const errors: string[] = [];
  const generated: string[] = [];
  const record = (m: string, meta?: unknown) =>
    void logs.push(`${m} ${JSON.stringify(meta ?? {})}`);
  const logger = mockServices.logger.mock({
    info: record,
    warn: record,
    error: record,
    debug: record,
  });

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      errors.push(`${(error as Error).message} ${(error as Error).stack}`);
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  const stored = (path: string, version?: number, namespace = PAYMENTS) =>
    fleet.vault.engine.readSecret({
      namespace,
      mount: 'secret',
      path,
      version,
    });

  /** A plan of `path` in team-payments at its current version, as the planner makes it. */
  async function planOf(
    path: string,
    overrides: Partial<RotationPlan> = {},
  ): Promise<RotationPlan> {
    const vault: RotationPlan['vault'] = {
      server: fleet.vault.url,
      serverName,
      namespace: PAYMENTS,
      mount: 'secret',
      kvVersion: 'v2',
      path,
    };
    const described = await ops.describe(vault, overrides.rollbackTo?.version);
    return rotationPlan({
      vault,
      currentVersion: described.currentVersion,
      permissions: described.permissions,
      ...overrides,
    });
  }

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', history: false });
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          includeKubernetesPluginClusters: false,
          vault: fleet.appConfig.secrets.vault as unknown as JsonObject[],
        },
      }),
    );
    serverName = config.vault[0].name;
    kv = DefaultVaultKv.fromConfig(config, { logger });
    ops = new VaultRotationOps(kv, config.vault, { logger });
  }, 60_000);

  afterAll(() => fleet?.stop());

  it('describes a key: versions, key names without values, and every right as a check', async () => {
    const vault = (await planOf('ledger-worker/kafka')).vault;
    const described = await ops.describe(vault);
    expect(described).toMatchObject({
      currentVersion: 1,
      currentVersionCreatedAt: expect.any(String),
      maxVersions: 0,
      // Vault's JSON has map keys sorted
      keyNames: ['brokers', 'password', 'username'],
    });
    expect(JSON.stringify(described)).not.toContain('kafka-pw-1');
    expect(JSON.stringify(described)).not.toContain('kafka-0:9093');
    const ns = ` in namespace ${PAYMENTS}`;
    expect(described.permissions).toEqual([
      expect.objectContaining({
        action: `read secret/metadata/ledger-worker/kafka${ns}`,
        allowed: true,
      }),
      expect.objectContaining({
        action: `patch secret/metadata/ledger-worker/kafka${ns}`,
        allowed: true,
      }),
      expect.objectContaining({
        action: `read secret/subkeys/ledger-worker/kafka${ns}`,
        allowed: true,
      }),
      expect.objectContaining({
        system: 'vault',
        action: `patch secret/data/ledger-worker/kafka${ns}`,
        allowed: true,
      }),
    ]);
  });

  it('patches the rotated key only, keeps the others, and refuses a stale check-and-set', async () => {
    const plan = await planOf('payments-api/db');
    const before = stored('payments-api/db')!;
    const patchesOf = () =>
      fleet.vault.requestCounts()['PATCH secret/data/payments-api/db'] ?? 0;
    const patchesBefore = patchesOf();

    await ops.announce(plan, 'rot-1');
    const written = await ops.write(
      plan,
      { password: WRITTEN[0] },
      { signal: undefined },
    );
    expect(written.version).toBe(before.version + 1);
    expect(stored('payments-api/db')).toMatchObject({
      version: before.version + 1,
      data: { username: 'payments', password: WRITTEN[0] },
    });
    expect(patchesOf()).toBe(patchesBefore + 1);

    // the announcement tells the runner, after a crash, that this version is its own
    await expect(ops.versions(plan)).resolves.toEqual({
      currentVersion: before.version + 1,
      currentVersionCreatedAt: expect.any(String),
      pendingRotationId: 'rot-1',
      pendingVersion: before.version + 1,
    });

    const stale = await failure(
      ops.write(plan, { password: WRITTEN[1] }, { signal: undefined }),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stored('payments-api/db')!.data.password).toBe(WRITTEN[0]);
  });

  it("merges the announcement into custom_metadata without dropping others' keys", async () => {
    const plan = await planOf('payments-api/stripe');
    await ops.announce(plan, 'rot-2');
    const metadata = await kv.readMetadata({
      server: fleet.vault.url,
      namespace: PAYMENTS,
      mount: 'secret',
      key: 'payments-api/stripe',
    });
    expect(metadata.customMetadata).toEqual({
      owner: 'team-payments',
      [ROTATION_ID_METADATA]: 'rot-2',
      [ROTATION_VERSION_METADATA]: String(plan.currentVersion! + 1),
    });
  });

  it("lets the plugin's token patch custom_metadata only, never retention or check-and-set", async () => {
    const patch = (body: unknown) =>
      fetch(`${fleet.vault.url}/v1/secret/metadata/payments-api/stripe`, {
        method: 'PATCH',
        headers: {
          'X-Vault-Token': fleet.appConfig.secrets.vault[0].auth.token,
          'X-Vault-Namespace': PAYMENTS,
          'Content-Type': 'application/merge-patch+json',
        },
        body: JSON.stringify(body),
      }).then(r => r.status);
    expect(await patch({ max_versions: 1 })).toBe(403);
    expect(
      await patch({ custom_metadata: { owner: 'x' }, cas_required: true }),
    ).toBe(403);
    expect(await patch({ delete_version_after: '1s' })).toBe(403);
    expect(await patch({ custom_metadata: { reviewed: 'yes' } })).toBe(204);
    const metadata = await kv.readMetadata({
      server: fleet.vault.url,
      namespace: PAYMENTS,
      mount: 'secret',
      key: 'payments-api/stripe',
    });
    expect(metadata).toMatchObject({
      maxVersions: 0,
      casRequired: false,
      customMetadata: { owner: 'team-payments', reviewed: 'yes' },
    });
  });

  it('generates a value from a Vault password policy in the tenant namespace', async () => {
    fleet.vault.engine.writePasswordPolicy({
      namespace: PAYMENTS,
      name: 'db-password',
      policy:
        'length = 24\nrule "charset" {\n  charset = "abcdefghjkmnpqrstuvwxyz"\n  min-chars = 1\n}\nrule "charset" {\n  charset = "23456789"\n  min-chars = 2\n}',
    });
    const vault = { server: fleet.vault.url, serverName, namespace: PAYMENTS };
    const a = await ops.generatePassword(vault, 'db-password', {});
    const b = await ops.generatePassword(vault, 'db-password', {});
    generated.push(a, b);
    for (const password of [a, b]) {
      expect(password).toMatch(/^[a-hj-km-np-z2-9]{24}$/);
      expect(password.replace(/[^2-9]/g, '').length).toBeGreaterThanOrEqual(2);
    }
    expect(a).not.toBe(b);
    // password policies are per namespace: team-search has none of that name
    expect(
      await failure(
        ops.generatePassword(
          { ...vault, namespace: 'team-search' },
          'db-password',
          {},
        ),
      ),
    ).toBeInstanceOf(NotFoundError);
  });

  it('rolls back by writing the earlier data as a new version with check-and-set', async () => {
    const path = 'ledger-worker/signing';
    const plan = await planOf(path, {
      kind: 'rollback',
      rollbackTo: { version: 1, state: 'available' },
    });
    expect(plan.currentVersion).toBe(2);
    const described = await ops.describe(plan.vault, 1);
    expect(described.rollbackState).toBe('available');
    expect(described.permissions.every(p => p.allowed)).toBe(true);

    const { version } = await ops.writeEarlierVersion(plan, {});
    expect(version).toBe(3);
    expect(stored(path)).toMatchObject({
      version: 3,
      data: { 'private-key': 'ledger-key-v1' },
    });
    // version 2 is still there: history is not rewritten
    expect(stored(path, 2)!.data).toEqual({ 'private-key': 'ledger-key-v2' });
    expect(await failure(ops.writeEarlierVersion(plan, {}))).toBeInstanceOf(
      ConflictError,
    );
  });

  it('tells a destroyed or pruned version apart before a rollback', async () => {
    const { engine } = fleet.vault;
    const path = 'checkout-web/oauth';
    engine.putSecret({
      namespace: PAYMENTS,
      mount: 'secret',
      path,
      data: { 'client-id': 'checkout-web', 'client-secret': 'oauth-s3cr3t-2' },
    });
    const root = fleet.vault.rootToken;
    const call = (method: string, p: string, body: unknown) =>
      fetch(`${fleet.vault.url}/v1/${p}`, {
        method,
        headers: {
          'X-Vault-Token': root,
          'X-Vault-Namespace': PAYMENTS,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    expect(
      (await call('PUT', `secret/destroy/${path}`, { versions: [1] })).status,
    ).toBe(204);
    const vault = (await planOf(path)).vault;
    await expect(ops.describe(vault, 1)).resolves.toMatchObject({
      rollbackState: 'destroyed',
    });
    expect(
      (await call('POST', `secret/metadata/${path}`, { max_versions: 1 }))
        .status,
    ).toBe(204);
    engine.putSecret({
      namespace: PAYMENTS,
      mount: 'secret',
      path,
      data: { 'client-id': 'checkout-web', 'client-secret': 'oauth-s3cr3t-3' },
    });
    await expect(ops.describe(vault, 2)).resolves.toMatchObject({
      currentVersion: 3,
      rollbackState: 'pruned',
    });
  });

  it('falls back to read-modify-write with check-and-set where the plugin may not patch', async () => {
    const { engine } = fleet.vault;
    engine.writePolicy({
      namespace: PAYMENTS,
      name: 'rotate-no-patch',
      policy: [
        'path "secret/data/*" { capabilities = ["read", "update"] }',
        'path "secret/metadata/*" { capabilities = ["read", "patch"] }',
        'path "secret/subkeys/*" { capabilities = ["read"] }',
      ].join('\n'),
    });
    const token = engine.createToken({
      namespace: PAYMENTS,
      policies: ['rotate-no-patch'],
    }).token;
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          includeKubernetesPluginClusters: false,
          vault: [
            {
              ...fleet.appConfig.secrets.vault[0],
              namespaces: [
                { namespace: PAYMENTS, auth: { type: 'token', token } },
              ],
            },
          ],
        },
      }),
    );
    const noPatch = new VaultRotationOps(
      DefaultVaultKv.fromConfig(config, { logger }),
      config.vault,
      { logger },
    );
    const path = 'ledger-worker/kafka';
    const vault: RotationPlan['vault'] = {
      server: fleet.vault.url,
      serverName,
      namespace: PAYMENTS,
      mount: 'secret',
      kvVersion: 'v2',
      path,
    };
    const described = await noPatch.describe(vault);
    // the pre-flight allows it: read and update make the same check-and-set write
    expect(described.permissions.every(p => p.allowed)).toBe(true);
    expect(described.permissions.map(p => p.action)).toEqual(
      expect.arrayContaining([
        `read secret/data/${path} in namespace ${PAYMENTS}`,
        `update secret/data/${path} in namespace ${PAYMENTS}`,
      ]),
    );
    const before = stored(path)!;
    const counts = () => fleet.vault.requestCounts();
    const patches = () => counts()[`PATCH secret/data/${path}`] ?? 0;
    const patchesBefore = patches();

    // from the plan: no PATCH is even tried
    const plan = rotationPlan({
      vault,
      currentVersion: before.version,
      permissions: described.permissions,
    });
    await noPatch.write(plan, { password: WRITTEN[2] }, {});
    expect(stored(path)).toMatchObject({
      version: before.version + 1,
      data: {
        username: 'ledger',
        password: WRITTEN[2],
        brokers: { primary: 'kafka-0:9093' },
      },
    });
    expect(patches()).toBe(patchesBefore);

    // a plan that does not say so: Vault's 403 on PATCH, then the same full write
    const unsaid = rotationPlan({
      vault,
      currentVersion: before.version + 1,
      permissions: [],
    });
    await noPatch.write(unsaid, { password: WRITTEN[1] }, {});
    expect(stored(path)).toMatchObject({
      version: before.version + 2,
      data: { username: 'ledger', password: WRITTEN[1] },
    });
    expect(logs.some(l => l.includes('Vault refused to patch'))).toBe(true);

    // and a stale plan writes nothing
    expect(
      await failure(noPatch.write(unsaid, { password: WRITTEN[0] }, {})),
    ).toBeInstanceOf(ConflictError);
    expect(stored(path)!.version).toBe(before.version + 2);
  });

  it("refuses another tenant's key: every right denied, nothing written", async () => {
    const hr = 'team-hr';
    fleet.vault.engine.createNamespace(hr, { team: 'hr' });
    fleet.vault.engine.enableKv({ namespace: hr, path: 'secret', version: 2 });
    fleet.vault.engine.putSecret({
      namespace: hr,
      mount: 'secret',
      path: 'payroll/db',
      data: { password: 'hr-pw-9' },
    });
    const vault: RotationPlan['vault'] = {
      server: fleet.vault.url,
      serverName,
      namespace: hr,
      mount: 'secret',
      kvVersion: 'v2',
      path: 'payroll/db',
    };
    const described = await ops.describe(vault);
    expect(described.keyNames).toEqual([]);
    expect(described.currentVersion).toBeUndefined();
    expect(described.permissions.length).toBe(4);
    expect(described.permissions.some(p => p.allowed)).toBe(false);
    expect(
      await failure(
        ops.write(
          rotationPlan({ vault, currentVersion: 1, permissions: [] }),
          { password: WRITTEN[0] },
          {},
        ),
      ),
    ).toBeInstanceOf(NotAllowedError);
    expect(stored('payroll/db', undefined, hr)!.data.password).toBe('hr-pw-9');
  });

  it('rotates a KV v1 secret by overwriting it with the other keys carried over', async () => {
    const { engine } = fleet.vault;
    engine.enableKv({ path: 'legacy', version: 1 });
    engine.putSecret({
      mount: 'legacy',
      path: 'app',
      data: { user: 'app', pw: 'v1-old-pw-9' },
    });
    engine.writePolicy({
      name: 'rotate-legacy',
      policy: 'path "legacy/*" { capabilities = ["read", "update"] }',
    });
    const token = engine.createToken({ policies: ['rotate-legacy'] }).token;
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          includeKubernetesPluginClusters: false,
          vault: [
            {
              ...(fleet.appConfig.secrets.vault[0] as unknown as JsonObject),
              auth: { type: 'token', token },
            },
          ],
        },
      }),
    );
    const legacy = new VaultRotationOps(
      DefaultVaultKv.fromConfig(config, { logger }),
      config.vault,
    );
    const vault: RotationPlan['vault'] = {
      server: fleet.vault.url,
      serverName,
      mount: 'legacy',
      kvVersion: 'v1',
      path: 'app',
    };
    const described = await legacy.describe(vault);
    expect(described.currentVersion).toBeUndefined();
    expect([...described.keyNames].sort()).toEqual(['pw', 'user']);
    expect(JSON.stringify(described)).not.toContain('v1-old-pw-9');
    expect(described.permissions).toEqual([
      expect.objectContaining({ action: 'read legacy/app', allowed: true }),
      expect.objectContaining({
        action: 'update legacy/app',
        allowed: true,
        reason: expect.stringContaining('no check-and-set'),
      }),
    ]);
    const plan = rotationPlan({
      vault,
      currentVersion: undefined,
      permissions: described.permissions,
    });
    await expect(legacy.write(plan, { pw: WRITTEN[3] }, {})).resolves.toEqual({
      version: 0,
    });
    expect(
      fleet.vault.engine.readSecret({ mount: 'legacy', path: 'app' })!.data,
    ).toEqual({ user: 'app', pw: WRITTEN[3] });
    expect(await failure(legacy.versions(plan))).toBeInstanceOf(InputError);
  });

  it('never puts a value or a credential in an error or a log line', () => {
    expect(errors.length).toBeGreaterThanOrEqual(5);
    const values = [
      ...WRITTEN,
      ...generated,
      'pg-7Hq2-first',
      'kafka-pw-1',
      'kafka-0:9093',
      'ledger-key-v1',
      'ledger-key-v2',
      'oauth-s3cr3t-1',
      'oauth-s3cr3t-2',
      'oauth-s3cr3t-3',
      'hr-pw-9',
      'v1-old-pw-9',
      fleet.vault.rootToken,
      ...fleet.appConfig.secrets.vault.map(v => v.auth.token),
    ];
    expect(generated.length).toBe(2);
    for (const text of [...errors, ...logs])
      for (const value of values) expect(text).not.toContain(value);
  });
});
