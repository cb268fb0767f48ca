import { startFleet, type FleetHandle } from '../../fleet/startFleet';

/** The demo app-config's Vault token, over Vault's HTTP API, in a namespace or the root. */
describe("the demo plugin's Vault token", () => {
  let fleet: FleetHandle;
  let token: string;
  const call = async (
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
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', history: false });
    token = fleet.appConfig.secrets.vault[0].auth.token;
    // a tenant the plugin does not serve
    const { engine } = fleet.vault;
    engine.createNamespace('team-hr', { team: 'hr' });
    engine.enableKv({ namespace: 'team-hr', path: 'secret', version: 2 });
    engine.putSecret({
      namespace: 'team-hr',
      mount: 'secret',
      path: 'payroll/db',
      data: { password: 'hr-pw-1' },
    });
  }, 60_000);
  afterAll(() => fleet?.stop());

  it('is not the root token and has only the shipped policy and default', async () => {
    expect(token).not.toBe(fleet.vault.rootToken);
    const self = await call('GET', 'auth/token/lookup-self');
    expect(self.status).toBe(200);
    expect([...self.body.data.policies].sort()).toEqual([
      'backstage-secrets',
      'default',
    ]);
  });

  it("reads the metadata of every served tenant's secrets and checks its capabilities", async () => {
    expect(
      (await call('GET', 'secret/metadata/payments-api/db', 'team-payments'))
        .status,
    ).toBe(200);
    expect(
      (await call('GET', 'secret/metadata/search-indexer/api', 'team-search'))
        .status,
    ).toBe(200);
    expect((await call('GET', 'platform/metadata/canary')).status).toBe(200);
    const caps = await call('POST', 'sys/capabilities-self', 'team-payments', {
      paths: ['secret/metadata/payments-api/db', 'secret/data/payments-api/db'],
    });
    expect(caps.status).toBe(200);
    // patch: the rotation's announcement in custom_metadata (allowed_parameters limits it to that)
    expect(caps.body.data['secret/metadata/payments-api/db']).toEqual([
      'patch',
      'read',
    ]);
    expect(caps.body.data['secret/data/payments-api/db']).toEqual([
      'patch',
      'read',
      'update',
    ]);
  });

  it("cannot read another tenant's data or metadata", async () => {
    expect(
      (await call('GET', 'secret/data/payroll/db', 'team-hr')).status,
    ).toBe(403);
    expect(
      (await call('GET', 'secret/metadata/payroll/db', 'team-hr')).status,
    ).toBe(403);
  });

  it('cannot write sys/, create keys, or delete and destroy versions', async () => {
    for (const [path, namespace] of [
      ['sys/policies/acl/evil', undefined],
      ['sys/policies/acl/evil', 'team-payments'],
      ['sys/mounts/evil', undefined],
      ['sys/auth/evil', 'team-search'],
    ] as const) {
      const res = await call('POST', path, namespace, {
        policy: 'path "*" { capabilities = ["sudo"] }',
        type: 'kv',
      });
      expect(res.status).toBe(403);
    }
    expect(
      (
        await call('POST', 'secret/data/new-key', 'team-payments', {
          data: { a: 'b' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('DELETE', 'secret/metadata/payments-api/db', 'team-payments'))
        .status,
    ).toBe(403);
    expect(
      (
        await call('POST', 'secret/destroy/payments-api/db', 'team-payments', {
          versions: [1],
        })
      ).status,
    ).toBe(403);
  });
});
