/*
 * docs/vault.md against fleet-sim's Vault, whose ACL engine enforces paths, capabilities and
 * allowed_parameters: the page shows deploy/vault-policy.hcl as it is; the per-tenant variant it
 * gives, written inside team-payments and reached with AppRole through `namespaces[]`, lets the
 * plugin's own client do all a rotation does and nothing the page says it may not. The shipped
 * policy's rotation operations are covered in vaultRotationOps.test.ts and fleet-sim's
 * demoPluginVault.test.ts; the checks here are the page's other claims.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { rotationPlan } from '../__testUtils__/rotationFixtures';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { VaultRotationOps } from '../rotation/adapters/VaultRotationOps';
import { DefaultVaultKv } from '../vault';
import { markedBlock, repoFile } from './docsMarkdown';

const POLICY_FILE = 'plugins/secrets-backend/deploy/vault-policy.hcl';
const PAYMENTS = 'team-payments';

describe('docs/vault.md', () => {
  const doc = repoFile('docs/vault.md');
  let fleet: FleetHandle;
  const logs: string[] = [];
  const logger = mockServices.logger.mock({
    info: m => void logs.push(m),
    warn: m => void logs.push(m),
    error: m => void logs.push(m),
  });

  /** One Vault HTTP call with a token, as a person trying the page's claims would make it. */
  const call = async (
    token: string,
    method: string,
    path: string,
    namespace?: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${fleet.vault.url}/v1/${path}`, {
      method,
      headers: {
        'X-Vault-Token': token,
        ...(namespace ? { 'X-Vault-Namespace': namespace } : {}),
        ...(body
          ? {
              'Content-Type':
                method === 'PATCH'
                  ? 'application/merge-patch+json'
                  : 'application/json',
            }
          : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', history: false });
  }, 60_000);
  afterAll(() => fleet?.stop());

  it('shows deploy/vault-policy.hcl exactly as shipped', () => {
    expect(`${markedBlock(doc, POLICY_FILE)}\n`).toBe(repoFile(POLICY_FILE));
  });

  describe('the shipped policy (the demo token)', () => {
    const token = () => fleet.appConfig.secrets.vault[0].auth.token;

    it('never lists keys, in a tenant namespace or the platform mount', async () => {
      for (const [path, ns] of [
        ['secret/metadata/payments-api?list=true', PAYMENTS],
        ['secret/metadata/?list=true', PAYMENTS],
        ['platform/metadata/?list=true', undefined],
      ] as const)
        expect((await call(token(), 'GET', path, ns)).status).toBe(403);
    });

    it('may create the canary key and no other key of the platform mount', async () => {
      expect(
        (
          await call(token(), 'POST', 'platform/data/canary-2', undefined, {
            data: { value: 'x' },
          })
        ).status,
      ).toBe(403);
      const caps = await call(
        token(),
        'POST',
        'sys/capabilities-self',
        undefined,
        { paths: ['platform/data/canary', 'platform/data/other'] },
      );
      expect(caps.body.data['platform/data/canary']).toEqual([
        'create',
        'update',
      ]);
      expect(caps.body.data['platform/data/other']).toEqual([
        'patch',
        'read',
        'update',
      ]);
    });

    it('may generate from a password policy but not read or change the policy itself', async () => {
      fleet.vault.engine.writePasswordPolicy({
        namespace: PAYMENTS,
        name: 'docs-pins',
        policy: 'length = 8\nrule "charset" {\n  charset = "0123456789"\n}',
      });
      const generated = await call(
        token(),
        'GET',
        'sys/policies/password/docs-pins/generate',
        PAYMENTS,
      );
      expect(generated.status).toBe(200);
      expect(generated.body.data.password).toMatch(/^\d{8}$/);
      expect(
        (
          await call(
            token(),
            'GET',
            'sys/policies/password/docs-pins',
            PAYMENTS,
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await call(
            token(),
            'POST',
            'sys/policies/password/docs-pins',
            PAYMENTS,
            { policy: 'length = 4' },
          )
        ).status,
      ).toBe(403);
    });
  });

  describe('the per-tenant variant, in team-payments, through namespaces[] with AppRole', () => {
    let ops: VaultRotationOps;
    let kv: DefaultVaultKv;
    let rootToken: string;
    let roleId: string;
    let secretId: string;
    const vaultOf = (
      path: string,
      namespace = PAYMENTS,
    ): RotationPlan['vault'] => ({
      server: fleet.vault.url,
      serverName: 'main',
      namespace,
      mount: 'secret',
      kvVersion: 'v2',
      path,
    });

    beforeAll(() => {
      const { engine } = fleet.vault;
      engine.writePolicy({
        namespace: PAYMENTS,
        name: 'backstage-secrets',
        policy: markedBlock(doc, 'vault-policy per tenant namespace'),
      });
      ({ roleId, secretId } = engine.createAppRole({
        namespace: PAYMENTS,
        roleName: 'backstage-secrets',
        policies: ['backstage-secrets'],
        tokenTtlSeconds: 3600,
      }));
      // the server-level login reaches nothing of team-payments: only the namespace's entry can
      rootToken = engine.createToken({ policies: [] }).token;
      const config = readSecretsConfig(
        new ConfigReader({
          secrets: {
            includeKubernetesPluginClusters: false,
            vault: [
              {
                name: 'main',
                url: fleet.vault.url,
                auth: { type: 'token', token: rootToken },
                namespaces: [
                  {
                    namespace: PAYMENTS,
                    auth: { type: 'approle', roleId, secretId },
                  },
                ],
              },
            ] as unknown as JsonObject[],
          },
        }),
      );
      kv = DefaultVaultKv.fromConfig(config, { logger });
      ops = new VaultRotationOps(kv, config.vault, { logger });
    });

    it('grants every right the rotation pre-flight checks, and reads key names only', async () => {
      const described = await ops.describe(vaultOf('payments-api/stripe'));
      expect(described.keyNames).toEqual(['api-key', 'webhook-secret']);
      expect(described.currentVersion).toBeGreaterThanOrEqual(1);
      expect(described.permissions.length).toBeGreaterThan(0);
      expect(described.permissions.filter(p => !p.allowed)).toEqual([]);
      expect(JSON.stringify(described)).not.toContain('sk_live_demo_51H');
    });

    it('announces and writes a new version by patch with check-and-set, the other key untouched', async () => {
      const vault = vaultOf('payments-api/stripe');
      const described = await ops.describe(vault);
      const plan = rotationPlan({
        vault,
        currentVersion: described.currentVersion,
        permissions: described.permissions,
      });
      const patches = () =>
        fleet.vault.requestCounts()['PATCH secret/data/payments-api/stripe'] ??
        0;
      const patchesBefore = patches();
      await ops.announce(plan, 'docs-rot-1');
      const { version } = await ops.write(
        plan,
        { 'webhook-secret': 'whsec_docs_2' },
        {},
      );
      expect(version).toBe(described.currentVersion! + 1);
      // a merge patch, not the read-modify-write fallback
      expect(patches()).toBe(patchesBefore + 1);
      expect(
        fleet.vault.engine.readSecret({
          namespace: PAYMENTS,
          mount: 'secret',
          path: 'payments-api/stripe',
        }),
      ).toMatchObject({
        version,
        data: {
          'api-key': 'sk_live_demo_51H',
          'webhook-secret': 'whsec_docs_2',
        },
      });
      await expect(ops.versions(plan)).resolves.toMatchObject({
        pendingRotationId: 'docs-rot-1',
        pendingVersion: version,
      });
    });

    it("generates from the namespace's password policies", async () => {
      fleet.vault.engine.writePasswordPolicy({
        namespace: PAYMENTS,
        name: 'docs-tenant',
        policy: 'length = 12\nrule "charset" {\n  charset = "abcdef"\n}',
      });
      await expect(
        ops.generatePassword(
          { server: fleet.vault.url, serverName: 'main', namespace: PAYMENTS },
          'docs-tenant',
          {},
        ),
      ).resolves.toMatch(/^[a-f]{12}$/);
    });

    it('denies what the page says the plugin never does', async () => {
      const login = await call('', 'POST', 'auth/approle/login', PAYMENTS, {
        role_id: roleId,
        secret_id: secretId,
      });
      expect(login.status).toBe(200);
      const token = login.body.auth.client_token as string;
      const denied: Array<[string, string, unknown?]> = [
        ['GET', 'secret/metadata/?list=true'],
        ['DELETE', 'secret/metadata/payments-api/db'],
        ['POST', 'secret/destroy/payments-api/db', { versions: [1] }],
        ['POST', 'secret/delete/payments-api/db', { versions: [1] }],
        ['POST', 'secret/data/payments-api/new-key', { data: { a: 'b' } }],
        ['PATCH', 'secret/metadata/payments-api/db', { max_versions: 1 }],
        ['PATCH', 'secret/metadata/payments-api/db', { cas_required: true }],
        [
          'PATCH',
          'secret/metadata/payments-api/db',
          { delete_version_after: '1s' },
        ],
        ['GET', 'sys/policies/password/docs-tenant'],
        ['POST', 'sys/policies/acl/evil', { policy: 'path "*" {}' }],
        ['POST', 'sys/mounts/evil', { type: 'kv' }],
      ];
      for (const [method, path, body] of denied)
        expect({
          method,
          path,
          status: (await call(token, method, path, PAYMENTS, body)).status,
        }).toEqual({ method, path, status: 403 });
      expect(
        (
          await call(
            token,
            'PATCH',
            'secret/metadata/payments-api/db',
            PAYMENTS,
            {
              custom_metadata: { reviewed: 'yes' },
            },
          )
        ).status,
      ).toBe(204);
    });

    it("reaches no other namespace: team-search's key is denied to the server-level login", async () => {
      const described = await ops.describe({
        ...vaultOf('search-indexer/api', 'team-search'),
      });
      expect(described.permissions.length).toBeGreaterThan(0);
      expect(described.permissions.some(p => p.allowed)).toBe(false);
      expect(described.keyNames).toEqual([]);
    });

    it('never logs a credential or a value', () => {
      for (const line of logs)
        for (const value of [
          roleId,
          secretId,
          rootToken,
          'whsec_docs_2',
          'sk_live_demo_51H',
        ])
          expect(line).not.toContain(value);
    });
  });
});
