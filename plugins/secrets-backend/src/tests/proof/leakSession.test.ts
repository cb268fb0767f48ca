/*
 * The leak scanner over a realistic session: entity views, the fleet page, revalidation (plan and
 * run), a rotation (dry run, real, rollback), history, approvals and the MCP actions, by the demo's
 * users. Afterwards every value fleet-sim's Vault holds (all versions, over HTTP as root), every
 * value in a cluster's Secrets and every value the rotators generated is searched for in every
 * HTTP response (headers and body), log line, audit event, signal, notification and database row.
 */
import { fleetLeakScanner } from './__testUtils__/fleetScanner';
import type { LeakHit } from './__testUtils__/LeakScanner';
import {
  finished,
  startProofBackend,
  type ProofBackend,
} from './__testUtils__/proofBackend';

jest.setTimeout(180_000);

describe('leak scanner over a session of the demo', () => {
  let backend: ProofBackend;
  let rotationId: string;

  beforeAll(async () => {
    backend = await startProofBackend();
  }, 90_000);
  afterAll(async () => {
    await backend?.stop();
  });

  const groupOf = async (user: string, entity: string, key: string) => {
    const res = await backend.call(
      user,
      'get',
      `/entities/default/component/${entity}/secrets`,
    );
    const group = res.body.groups.find((g: any) => g.vault.key === key);
    if (!group) throw new Error(`${entity} has no group for ${key}`);
    return group.id as string;
  };

  it('drives a session through every route and action', async () => {
    const { call, invoke } = backend;
    expect((await call('pat', 'get', '/health')).status).toBe(200);
    for (const user of ['alice', 'bob', 'sam', 'pat']) {
      expect((await call(user, 'get', '/fleet')).status).toBe(200);
      for (const entity of [
        'payments-api',
        'checkout-web',
        'ledger-worker',
        'search-indexer',
        'platform-canary',
      ]) {
        for (const form of ['', '?format=compact', '/summary'])
          await call(
            user,
            'get',
            `/entities/default/component/${entity}/secrets${form}`,
          );
        await call(
          user,
          'get',
          `/entities/default/component/${entity}/rotations`,
        );
      }
    }
    await call('pat', 'get', '/fleet?status=Error&limit=500');
    await call('pat', 'get', '/fleet?cluster=prod-eu&namespace=payments');

    const plan = await call('pat', 'post', '/stores/revalidate', {});
    expect(plan.status).toBe(200);
    const legacy = {
      cluster: 'prod-eu',
      kind: 'SecretStore',
      namespace: 'payments',
      name: 'vault-legacy',
    };
    const run = await call('pat', 'post', '/stores/revalidate', {
      dryRun: false,
      stores: [legacy],
    });
    expect(run.status).toBe(200);

    const groupId = await groupOf('alice', 'payments-api', 'payments-api/db');
    const request = {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'proof suite: rotate and roll back',
    };
    expect(
      (await call('alice', 'post', '/rotations', request)).body.allowed,
    ).toBe(true);
    const started = await call('alice', 'post', '/rotations', {
      ...request,
      dryRun: false,
    });
    expect(started.status).toBe(202);
    rotationId = started.body.id;
    const done = await finished(backend, 'alice', rotationId);
    expect(done.state).toBe('succeeded');
    await call('alice', 'get', `/rotations/${rotationId}`);
    await call(
      'alice',
      'get',
      `/entities/default/component/payments-api/rotations?groupId=${groupId}`,
    );

    const rollback = {
      version: done.versionBefore,
      reason: 'proof suite: roll back',
    };
    expect(
      (
        await call(
          'alice',
          'post',
          `/rotations/${rotationId}/rollback`,
          rollback,
        )
      ).status,
    ).toBe(200);
    const back = await call(
      'alice',
      'post',
      `/rotations/${rotationId}/rollback`,
      {
        ...rollback,
        dryRun: false,
      },
    );
    expect(back.status).toBe(202);
    expect((await finished(backend, 'alice', back.body.id)).state).toBe(
      'succeeded',
    );
    // cancelling a finished rotation is refused; the refusal is scanned like the rest
    expect(
      (await call('alice', 'post', `/rotations/${rotationId}/cancel`, {}))
        .status,
    ).toBe(409);
    await call('pat', 'get', '/approvals');

    const status = await invoke('alice', 'get-entity-secrets', {
      entityRef: 'component:default/payments-api',
    });
    expect(status.status).toBe(200);
    const agent = { ...request, reason: 'proof suite: rotated by an agent' };
    expect(
      (await invoke('alice', 'request-secret-rotation', agent)).body.output
        .dryRun,
    ).toBe(true);
    const byAgent = await invoke('alice', 'request-secret-rotation', {
      ...agent,
      dryRun: false,
    });
    expect(byAgent.status).toBe(200);
    expect(
      (await finished(backend, 'alice', byAgent.body.output.rotation.id)).state,
    ).toBe('succeeded');
    await invoke('sam', 'get-entity-secrets', {
      entityRef: 'component:default/payments-api',
    });
  });

  /** Hits as one line each, so a failure says where without printing a value. */
  const lines = (hits: LeakHit[]) =>
    hits.map(
      h => `${h.kind} ${h.where}: ${h.origin} (${h.encodings.join(', ')})`,
    );

  it('finds no value in any response, log line, audit event, signal, notification or row', async () => {
    const { captured } = backend;
    // two rotations and a rollback (which writes an old version back, generating nothing)
    expect(captured.generated).toHaveLength(2);
    const { scanner, vaultValues } = await fleetLeakScanner(
      backend.fleet,
      captured.generated,
    );
    // the seeded values, the two generated passwords and the rollback's copy, all versions
    expect(vaultValues).toBeGreaterThan(20);
    for (const v of captured.generated) expect(scanner.has(v)).toBe(true);
    const texts = [...backend.httpTexts(), ...(await captured.texts())];
    const kinds = new Set(texts.map(t => t.kind));
    expect([...kinds].sort()).toEqual([
      'audit',
      'db',
      'http',
      'log',
      'notification',
      'signal',
    ]);
    // eslint-disable-next-line no-console
    console.log(
      `leak scan: ${scanner.size} values against ${texts.length} texts (${backend.exchanges.length} HTTP exchanges)`,
    );
    expect(lines(scanner.scan(texts))).toEqual([]);
  });

  it('catches a planted leak in a log line, a database row and a response header', async () => {
    const { captured } = backend;
    const value = captured.generated[0];
    captured.logger().warn(`debugging the rotation, new password ${value}`);
    await captured.knex.schema.createTable('planted', t => t.text('note'));
    await captured.knex('planted').insert({ note: JSON.stringify({ value }) });
    const { scanner } = await fleetLeakScanner(
      backend.fleet,
      captured.generated,
    );
    const planted = {
      kind: 'http',
      where: 'planted GET /fleet 200',
      text: JSON.stringify({
        'x-debug': Buffer.from(`v=${value}`).toString('base64'),
      }),
    };
    const hits = scanner.scan([
      ...backend.httpTexts(),
      planted,
      ...(await captured.texts()),
    ]);
    // the value is also in Vault, where the scanner saw it first
    const origin = 'vault team-payments|secret|payments-api/db@2#password';
    expect(hits.map(h => [h.kind, h.where, h.origin, h.encodings])).toEqual([
      ['http', 'planted GET /fleet 200', origin, ['base64']],
      ['log', expect.stringMatching(/^line \d+$/), origin, ['plain']],
      ['db', 'planted row 0', origin, ['plain']],
    ]);
    await captured.knex.schema.dropTable('planted');
  });
});
