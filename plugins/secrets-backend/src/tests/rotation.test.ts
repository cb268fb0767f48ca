/*
 * One-click rotation end to end: the plugin as the backend runs it (startTestBackend, SQLite,
 * the plugin's least-privilege Vault token and ClusterRole) against the demo fleet's three
 * clusters over HTTP. Dry run, server-side policy, the Vault write, force-sync, proof per cluster
 * (data-hash changed), restarts only where Reloader does not restart, history, and no value in
 * any response.
 */
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { eventually } from '../__testUtils__/demoFleet';
import {
  startRotationBackend,
  type RotationBackend,
} from '../__testUtils__/rotationBackend';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(120_000);

describe('rotation across the demo fleet', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;
  const call = (method: 'get' | 'post', path: string, body?: unknown) =>
    b.call(method, path, body);
  const groupOf = (entity: string, key: string) => b.groupOf(entity, key);

  const vaultData = (path: string) =>
    fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path,
    })!.data;

  const targetHashes = (name: string) =>
    Object.fromEntries(
      fleet.clusters.map(c => [
        c.name,
        (
          c.store.get(
            { group: '', resource: 'secrets' },
            'payments',
            name,
          ) as any
        )?.metadata.annotations?.['reconcile.external-secrets.io/data-hash'],
      ]),
    );

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({
      fleet,
      rotation: {
        verifyTimeout: { seconds: 60 },
        // each key once per test run: a second rotation of payments-api/db is refused
        environments: { default: { cooldown: { hours: 1 } } },
      },
    });
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  it('a dry run shows every cluster that reads the key and every verdict, and writes nothing', async () => {
    const groupId = await groupOf('payments-api', 'payments-api/db');
    const before = vaultData('payments-api/db');
    const res = await call('post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'quarterly rotation of the DB password',
    });
    expect(res.status).toBe(200);
    expect(res.body.plan.clusters.map((c: any) => c.cluster).sort()).toEqual([
      'dev-eu',
      'prod-eu',
      'prod-us',
    ]);
    expect(res.body.plan.vault).toMatchObject({
      serverName: 'vault',
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    });
    expect(res.body.plan.keys).toEqual([
      { name: 'password', action: 'regenerate', rotator: 'random' },
      { name: 'username', action: 'carry-over' },
    ]);
    expect(res.body.verdicts.filter((v: any) => v.outcome !== 'allow')).toEqual(
      [],
    );
    expect(res.body.allowed).toBe(true);
    expect(vaultData('payments-api/db')).toEqual(before);
  });

  it('rotates: one new Vault version, every cluster re-synced and proven, history recorded', async () => {
    const groupId = await groupOf('payments-api', 'payments-api/db');
    const before = vaultData('payments-api/db');
    const hashesBefore = targetHashes('payments-api-db');
    const started = await call('post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'quarterly rotation of the DB password',
      dryRun: false,
      idempotencyKey: 'rotation-test-0001',
    });
    expect(started.status).toBe(202);
    const id = started.body.id;

    const done = await eventually(async () => {
      const res = await call('get', `/rotations/${id}`);
      return [
        'succeeded',
        'partially-failed',
        'failed',
        'interrupted',
      ].includes(res.body.state)
        ? res.body
        : undefined;
    }, 90_000);
    expect({
      state: done.state,
      error: done.error,
      clusters: done.clusters,
    }).toMatchObject({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.versionAfter).toBe(done.versionBefore + 1);
    expect(done.clusters.map((c: any) => [c.cluster, c.state])).toEqual([
      ['dev-eu', 'landed'],
      ['prod-eu', 'landed'],
      ['prod-us', 'landed'],
    ]);
    for (const c of done.clusters)
      expect(c.propagationSeconds).toBeGreaterThan(0);

    // Vault: a new password, the username carried over untouched
    const after = vaultData('payments-api/db');
    expect(after.username).toBe(before.username);
    expect(after.password).not.toBe(before.password);
    expect(String(after.password)).toMatch(/^[A-Za-z0-9]{32}$/);
    // every cluster's target Secret changed, read through the API server's own store
    const hashesAfter = targetHashes('payments-api-db');
    for (const cluster of Object.keys(hashesBefore))
      expect(hashesAfter[cluster]).not.toBe(hashesBefore[cluster]);

    // payments-api is restarted by Reloader: the rotation restarts nothing
    expect(done.plan.clusters.flatMap((c: any) => c.workloads)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'payments-api',
          restartedBy: 'Reloader',
        }),
      ]),
    );

    const history = await call(
      'get',
      '/entities/default/component/payments-api/rotations',
    );
    expect(history.body.items[0]).toMatchObject({ id, state: 'succeeded' });

    // the same click again is the same rotation, not a second one
    const again = await call('post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'quarterly rotation of the DB password',
      dryRun: false,
      idempotencyKey: 'rotation-test-0001',
    });
    expect(again.body.id).toBe(id);

    // the new value is now one of the fleet's secrets: it must appear nowhere either
    const values = [...collectSecretValues(fleet), String(after.password)];
    const leaks = values.filter(v => b.bodies.some(t => t.includes(v)));
    expect(leaks).toEqual([]);
  });

  it('names a refreshInterval 0 reader as the blocker; once it is gone, rotates and restarts the consumers nothing else restarts', async () => {
    const groupId = await groupOf('ledger-worker', 'ledger-worker/kafka');
    const body = {
      entityRef: 'component:default/ledger-worker',
      groupId,
      reason: 'kafka credentials rotation',
      dryRun: false,
    };
    const refused = await call('post', '/rotations', body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'The rotation policy denies this rotation: propagation-possible: dev-eu payments/ledger-worker-bootstrap: refreshInterval 0 never fetches again',
    );

    // the team drops the bootstrap copy that could never pick up a new version
    fleet
      .cluster('dev-eu')
      .store.delete(
        { group: 'external-secrets.io', resource: 'externalsecrets' },
        'payments',
        'ledger-worker-bootstrap',
      );
    const started = await eventually(async () => {
      const res = await call('post', '/rotations', body);
      return res.status === 202 ? res : undefined;
    }, 10_000);
    const done = await eventually(async () => {
      const res = await call('get', `/rotations/${started.body.id}`);
      return res.body.finishedAt ? res.body : undefined;
    }, 90_000);
    expect({ state: done.state, clusters: done.clusters }).toMatchObject({
      state: 'succeeded',
    });
    // ledger-worker has no Reloader: the rotation restarted it, in every cluster, once
    for (const c of fleet.clusters) {
      const d = c.store.get(
        { group: 'apps', resource: 'deployments' },
        'payments',
        'ledger-worker',
      ) as any;
      expect(
        d.spec.template.metadata.annotations['secrets.backstage.io/rotation'],
      ).toBe(started.body.id);
    }
    expect(
      done.plan.clusters.flatMap((c: any) =>
        c.workloads.map((w: any) => [c.cluster, w.name, w.restartedBy]),
      ),
    ).toEqual(expect.arrayContaining([['prod-eu', 'ledger-worker', 'us']]));
  });

  it('denies through the policy: a key another entity reads with CreatedOnce in prod-eu', async () => {
    const groupId = await groupOf('checkout-web', 'checkout-web/oauth');
    const res = await call('post', '/rotations', {
      entityRef: 'component:default/checkout-web',
      groupId,
      reason: 'rotate the OAuth client secret',
      dryRun: false,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.verdicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'propagation-possible',
          outcome: 'deny',
          message: expect.stringContaining(
            'prod-eu payments/checkout-web-oauth: refreshPolicy CreatedOnce never fetches again',
          ),
        }),
      ]),
    );
  });

  /** The dry run's verdict of one rule on a key the entity reads. */
  const verdictOn = async (entity: string, key: string, ruleId: string) => {
    const res = await call('post', '/rotations', {
      entityRef: `component:default/${entity}`,
      groupId: await groupOf(entity, key),
      reason: 'checking what the policy says',
    });
    expect(res.status).toBe(200);
    return res.body.verdicts.find((v: any) => v.ruleId === ruleId);
  };

  it('denies, on the dry run, a key read at a pinned version', async () => {
    expect(
      await verdictOn(
        'ledger-worker',
        'ledger-worker/signing',
        'propagation-possible',
      ),
    ).toMatchObject({
      outcome: 'deny',
      message: expect.stringContaining(
        'payments/ledger-worker-signing: it pins a Vault version and would never read the new one',
      ),
    });
  });

  it('denies a key a PushSecret writes', async () => {
    expect(
      await verdictOn(
        'checkout-web',
        'ledger-worker/public-key',
        'no-pushsecret-writer',
      ),
    ).toMatchObject({
      outcome: 'deny',
      message: expect.stringContaining(
        'prod-eu PushSecret payments/ledger-worker-public-key write(s) this key',
      ),
    });
  });

  it('denies a key read through a store that is not Ready', async () => {
    expect(
      await verdictOn(
        'checkout-web',
        'checkout-web/legacy-config',
        'store-health',
      ),
    ).toMatchObject({
      outcome: 'deny',
      message: expect.stringContaining(
        'prod-eu: SecretStore payments/vault-legacy is not Ready',
      ),
    });
  });

  it("denies a key outside the owner's Vault locations (the platform canary, read by a payments entity)", async () => {
    expect(
      await verdictOn('platform-canary', 'canary', 'tenant-boundary'),
    ).toMatchObject({
      outcome: 'deny',
      message: expect.stringContaining(
        'is outside the Vault locations of group:default/team-payments',
      ),
    });
  });

  it('denies a second rotation of a key within its cooldown', async () => {
    expect(
      await verdictOn('payments-api', 'payments-api/db', 'cooldown'),
    ).toMatchObject({
      outcome: 'deny',
      message: expect.stringMatching(
        /^last rotated at .*; the next rotation is allowed from /,
      ),
    });
  });

  it("denies, by the tenant rule, team-search's key that payments-api reads in dev-eu", async () => {
    const groupId = await groupOf('payments-api', 'search-indexer/api');
    const request = {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'rotating the search token payments-api calls with',
    };
    const tenantDeny = expect.objectContaining({
      ruleId: 'tenant-boundary',
      outcome: 'deny',
      message: expect.stringMatching(
        /namespace team-search secret\/search-indexer\/api is outside the Vault locations of group:default\/team-payments/,
      ),
    });
    const dry = await call('post', '/rotations', request);
    expect(dry.status).toBe(200);
    expect(dry.body.allowed).toBe(false);
    expect(dry.body.verdicts).toEqual(expect.arrayContaining([tenantDeny]));
    const before = fleet.vault.engine.readSecret({
      namespace: 'team-search',
      mount: 'secret',
      path: 'search-indexer/api',
    })!.version;
    const real = await call('post', '/rotations', {
      ...request,
      dryRun: false,
    });
    expect(real.status).toBe(403);
    expect(real.body.verdicts).toEqual(expect.arrayContaining([tenantDeny]));
    expect(
      fleet.vault.engine.readSecret({
        namespace: 'team-search',
        mount: 'secret',
        path: 'search-indexer/api',
      })!.version,
    ).toBe(before);
  });

  it("404s a crafted group id for another team's key, without saying it exists", async () => {
    // search-indexer/elastic: payments-api reads search-indexer/api (the test above), not this one
    const searchGroup = await groupOf(
      'search-indexer',
      'search-indexer/elastic',
    );
    const res = await call('post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId: searchGroup,
      reason: 'trying to rotate the search key',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `component:default/payments-api reads no Vault key with group id ${searchGroup}`,
    );
  });
});
