/*
 * Tenant isolation matrix on the demo: every demo user (with the group they belong to) against
 * every (entity, Vault key group) the demo's entities read, for each operation: read, history,
 * dry run, rotate, and both MCP actions; then each user against rotations of another tenant (get,
 * rollback, cancel, approve, deny, the approvals list). What is allowed comes from the table
 * below, written from the README's policy table, not from the code under test. Wherever a user
 * is refused, the answer must be the one for something that does not exist (same status, same
 * body with the name swapped), so a refusal never tells that the other tenant's key or rotation
 * exists. Cross-tenant routes: a crafted group id, a shared ExternalSecret, the platform's
 * ClusterExternalSecret, a rotation id of another tenant.
 */
import { randomUUID } from 'node:crypto';
import {
  finished,
  startProofBackend,
  type ProofBackend,
} from './__testUtils__/proofBackend';

jest.setTimeout(300_000);

/** Who owns what: README "The demo backend's policy" (entity read and rotate by ownership). */
const OWNED: Record<string, string[]> = {
  alice: ['payments-api', 'checkout-web', 'ledger-worker', 'platform-canary'],
  bob: ['payments-api', 'checkout-web', 'ledger-worker', 'platform-canary'],
  sam: ['search-indexer'],
  pat: [],
};
/** Who approves prod rotations (the rotation config below) and may list them. */
const APPROVERS = ['pat'];
const USERS = Object.keys(OWNED);
const ENTITIES = [
  'payments-api',
  'checkout-web',
  'ledger-worker',
  'search-indexer',
  'platform-canary',
];
const GHOST = 'ghost-entity';
/** Keys the demo's ExternalSecrets read that Vault does not hold (their rows are Error/Missing): a dry run is a 404 naming the key. */
const NOT_IN_VAULT = ['payments-api/feature-flags'];
const reason = 'proof suite: tenant isolation';

/** The body of an answer with `name` (an entity, a group or rotation id) swapped for a placeholder. */
const shape = (res: { status: number; text: string }, ...names: string[]) => ({
  status: res.status,
  body: names.reduce((t, n) => t.split(n).join('<name>'), res.text),
});

describe('tenant isolation matrix', () => {
  let backend: ProofBackend;
  /** [entity, key, groupId] of every group the demo's entities read. */
  const groups: Array<[string, string, string]> = [];
  let cells = 0;
  const cell = () => void cells++;

  beforeAll(async () => {
    backend = await startProofBackend({
      rotation: {
        environments: {
          prod: {
            approval: {
              approvers: ['group:default/platform-team'],
              expiresAfter: { hours: 1 },
            },
          },
        },
      },
    });
    for (const entity of ENTITIES) {
      const owner = USERS.find(u => OWNED[u].includes(entity))!;
      const res = await backend.call(
        owner,
        'get',
        `/entities/default/component/${entity}/secrets`,
      );
      if (res.status !== 200) throw new Error(`${owner} cannot read ${entity}`);
      for (const g of res.body.groups) groups.push([entity, g.vault.key, g.id]);
    }
  }, 120_000);
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `isolation matrix: ${USERS.length} users x ${groups.length} (entity, key) groups; ${cells} cells checked`,
    );
    await backend?.stop();
  });

  type Answer = { status: number; text: string; body: any };
  /**
   * What an answer amounts to: `hidden` when it equals the answer for `ghost` (something that does
   * not exist) with the names swapped, `no-such-vault-key` for a key Vault does not hold, else the
   * status, marked when a 200's body is not what the operation answers.
   */
  const outcome = (
    res: Answer,
    ghostRes: Answer,
    names: [string, string],
    valid: (body: any) => boolean = () => true,
  ) => {
    if (
      res.status === 404 &&
      JSON.stringify(shape(res, names[0])) ===
        JSON.stringify(shape(ghostRes, names[1]))
    )
      return 'hidden';
    if (res.status === 404 && res.text.includes('Vault answered 404'))
      return 'no-such-vault-key';
    if (res.status === 200 && !valid(res.body)) return '200 with another body';
    return String(res.status);
  };

  it('read, history, dry run, rotate and the MCP actions: allowed exactly for owners', async () => {
    const { call, invoke } = backend;
    expect(groups.length).toBeGreaterThanOrEqual(10);
    const observed: string[] = [];
    const expected: string[] = [];
    for (const user of USERS) {
      for (const [entity, key, groupId] of groups) {
        const ref = (e: string) => `component:default/${e}`;
        const ops: Record<
          string,
          [(e: string) => Promise<Answer>, (body: any) => boolean]
        > = {
          read: [
            e => call(user, 'get', `/entities/default/component/${e}/secrets`),
            body => body.groups.some((g: any) => g.id === groupId),
          ],
          readCompact: [
            e =>
              call(
                user,
                'get',
                `/entities/default/component/${e}/secrets?format=compact`,
              ),
            body =>
              body.format === 'compact' &&
              body.groups.some((g: any) => g.id === groupId),
          ],
          summary: [
            e =>
              call(
                user,
                'get',
                `/entities/default/component/${e}/secrets/summary`,
              ),
            body => body.total > 0 && typeof body.counts === 'object',
          ],
          history: [
            e =>
              call(
                user,
                'get',
                `/entities/default/component/${e}/rotations?groupId=${groupId}`,
              ),
            body => Array.isArray(body.items),
          ],
          dryRun: [
            e =>
              call(user, 'post', '/rotations', {
                entityRef: ref(e),
                groupId,
                reason,
              }),
            body => typeof body.allowed === 'boolean',
          ],
          rotate: [
            e =>
              call(user, 'post', '/rotations', {
                entityRef: ref(e),
                groupId,
                reason,
                dryRun: false,
              }),
            () => false,
          ],
          mcpRead: [
            e => invoke(user, 'get-entity-secrets', { entityRef: ref(e) }),
            body => body.output.groups.some((g: any) => g.groupId === groupId),
          ],
          mcpDryRun: [
            e =>
              invoke(user, 'request-secret-rotation', {
                entityRef: ref(e),
                groupId,
                reason,
              }),
            body => body.output.dryRun === true,
          ],
        };
        const owns = OWNED[user].includes(entity);
        for (const [op, [send, valid]] of Object.entries(ops)) {
          // owners' real rotations run in the tests below, one per key
          if (owns && op === 'rotate') continue;
          const line = `${user} ${op} ${entity} ${key}`;
          let want = 'hidden';
          if (owns)
            want =
              NOT_IN_VAULT.includes(key) && op.endsWith('ryRun')
                ? 'no-such-vault-key'
                : '200';
          expected.push(`${line}: ${want}`);
          observed.push(
            `${line}: ${outcome(
              await send(entity),
              await send(GHOST),
              [entity, GHOST],
              valid,
            )}`,
          );
          cell();
        }
      }
    }
    expect(observed).toEqual(expected);
  });

  it('a crafted group id of another tenant is answered like one that does not exist', async () => {
    const [, , paymentsDb] = groups.find(([, k]) => k === 'payments-api/db')!;
    // search-indexer/elastic, not search-indexer/api: the demo's payments-api reads that one
    // itself (a shared ExternalSecret in dev-eu), so its group id is no longer foreign there;
    // the tenant rule refuses it (next test)
    const [, , searchKey] = groups.find(
      ([e, k]) => e === 'search-indexer' && k === 'search-indexer/elastic',
    )!;
    const { call } = backend;
    const made = 'Zm9yZ2VkLWdyb3VwLWlk';
    for (const [user, entity, foreign] of [
      ['sam', 'search-indexer', paymentsDb],
      ['alice', 'payments-api', searchKey],
    ]) {
      for (const dryRun of [true, false]) {
        const send = (groupId: string) =>
          call(user, 'post', '/rotations', {
            entityRef: `component:default/${entity}`,
            groupId,
            reason,
            dryRun,
          });
        const crafted = await send(foreign);
        expect(crafted.status).toBe(404);
        expect(shape(crafted, foreign)).toEqual(shape(await send(made), made));
        cell();
      }
    }
  });

  it("the demo's shared ExternalSecret: payments-api reading team-search's key may not rotate it", async () => {
    const [, , shared] = groups.find(
      ([e, k]) => e === 'payments-api' && k === 'search-indexer/api',
    )!;
    for (const user of ['alice', 'bob']) {
      for (const dryRun of [true, false]) {
        const res = await backend.call(user, 'post', '/rotations', {
          entityRef: 'component:default/payments-api',
          groupId: shared,
          reason,
          dryRun,
        });
        expect(res.status).toBe(dryRun ? 200 : 403);
        expect(res.body.verdicts).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              ruleId: 'tenant-boundary',
              outcome: 'deny',
            }),
          ]),
        );
        cell();
      }
    }
  });

  it("the platform's ClusterExternalSecret key, read by a payments entity, is outside every tenant", async () => {
    const [, , canary] = groups.find(([e]) => e === 'platform-canary')!;
    for (const user of ['alice', 'bob']) {
      const res = await backend.call(user, 'post', '/rotations', {
        entityRef: 'component:default/platform-canary',
        groupId: canary,
        reason,
        dryRun: false,
      });
      expect(res.status).toBe(403);
      expect(res.body.verdicts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'tenant-boundary',
            outcome: 'deny',
          }),
        ]),
      );
      cell();
    }
  });

  it("a shared ExternalSecret: team-search's entity reading a payments key may not rotate it", async () => {
    const cluster = backend.fleet.cluster('dev-eu');
    const esRef = { group: 'external-secrets.io', resource: 'externalsecrets' };
    cluster.store.create(esRef, {
      apiVersion: `external-secrets.io/${
        cluster.plan.eso === 'v1' ? 'v1' : 'v1beta1'
      }`,
      kind: 'ExternalSecret',
      metadata: {
        namespace: 'search',
        name: 'search-indexer-borrowed-db',
        labels: { 'backstage.io/kubernetes-id': 'search-indexer' },
        annotations: { 'secrets.backstage.io/rotate': 'password' },
      },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-payments' },
        target: { name: 'search-indexer-borrowed-db' },
        data: [
          {
            secretKey: 'password',
            remoteRef: { key: 'payments-api/db', property: 'password' },
          },
        ],
      },
    } as any);
    const before = backend.fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    })!.version;
    const group = await (async () => {
      for (let i = 0; i < 100; i++) {
        const res = await backend.call(
          'sam',
          'get',
          '/entities/default/component/search-indexer/secrets',
        );
        const g = res.body.groups.find(
          (x: any) => x.vault.key === 'payments-api/db',
        );
        if (g) return g;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error('the shared ExternalSecret never showed');
    })();
    for (const dryRun of [true, false]) {
      const res = await backend.call('sam', 'post', '/rotations', {
        entityRef: 'component:default/search-indexer',
        groupId: group.id,
        reason,
        dryRun,
      });
      expect(res.status).toBe(dryRun ? 200 : 403);
      expect(res.body.verdicts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'tenant-boundary',
            outcome: 'deny',
            message: expect.stringContaining('group:default/team-search'),
          }),
        ]),
      );
      cell();
    }
    expect(
      backend.fleet.vault.engine.readSecret({
        namespace: 'team-payments',
        mount: 'secret',
        path: 'payments-api/db',
      })!.version,
    ).toBe(before);
    cluster.store.delete(esRef, 'search', 'search-indexer-borrowed-db');
  });

  it("another tenant's rotation id is answered like one that does not exist; approvals only for approvers", async () => {
    const { call } = backend;
    const [, , groupId] = groups.find(([, k]) => k === 'payments-api/db')!;
    const ask = () =>
      call('alice', 'post', '/rotations', {
        entityRef: 'component:default/payments-api',
        groupId,
        reason,
        dryRun: false,
      });
    const first = await ask();
    expect([first.status, first.body.state]).toEqual([
      202,
      'awaiting-approval',
    ]);
    const id = first.body.id as string;
    const missing = randomUUID();

    const ops: Record<string, (rid: string, user: string) => Promise<any>> = {
      get: (rid, user) => call(user, 'get', `/rotations/${rid}`),
      approval: (rid, user) => call(user, 'get', `/rotations/${rid}/approval`),
      rollbackDryRun: (rid, user) =>
        call(user, 'post', `/rotations/${rid}/rollback`, {
          version: 1,
          reason,
        }),
      approve: (rid, user) =>
        call(user, 'post', `/rotations/${rid}/approve`, { reason }),
      deny: (rid, user) =>
        call(user, 'post', `/rotations/${rid}/deny`, { reason }),
      cancel: (rid, user) => call(user, 'post', `/rotations/${rid}/cancel`, {}),
    };
    /** What each user may do with alice's waiting rotation, and the answer's status. */
    const allowed: Record<string, Record<string, number>> = {
      alice: {
        get: 200,
        approval: 200,
        rollbackDryRun: 200,
        approve: 403,
        deny: 403,
        cancel: 200,
      },
      bob: {
        get: 200,
        approval: 200,
        rollbackDryRun: 200,
        approve: 403,
        deny: 403,
        cancel: 200,
      },
      sam: {},
      // the platform team reads every rotation (secrets.fleet.read: the fleet page lists them all)
      pat: { get: 200, approve: 200, deny: 200 },
    };
    const observed: string[] = [];
    const expected: string[] = [];
    for (const user of USERS) {
      for (const [op, send] of Object.entries(ops)) {
        // one approval and one cancellation, below, once the refusals are in
        if (
          allowed[user][op] === 200 &&
          ['approve', 'deny', 'cancel'].includes(op)
        )
          continue;
        expected.push(`${user} ${op}: ${allowed[user][op] ?? 'hidden'}`);
        observed.push(
          `${user} ${op}: ${outcome(
            await send(id, user),
            await send(missing, user),
            [id, missing],
          )}`,
        );
        cell();
      }
      const pending = await call(user, 'get', '/approvals');
      expected.push(
        `${user} approvals: 200 ${APPROVERS.includes(user) ? id : ''}`,
      );
      observed.push(
        `${user} approvals: ${pending.status} ${pending.body.items
          .map((p: any) => p.id)
          .join(',')}`,
      );
      cell();
    }
    expect(observed).toEqual(expected);

    // the owners may cancel it while it waits; then pat approves a second one, which runs
    expect(
      (await call('bob', 'post', `/rotations/${id}/cancel`, {})).status,
    ).toBe(200);
    cell();
    const second = await ask();
    expect(second.status).toBe(202);
    const approved = await call(
      'pat',
      'post',
      `/rotations/${second.body.id}/approve`,
      {
        reason: 'approved by the platform team',
      },
    );
    expect(approved.status).toBe(200);
    cell();
    const done = await finished(backend, 'alice', second.body.id);
    expect(done.state).toBe('succeeded');
    const rollbacks: string[] = [];
    for (const user of ['sam', 'pat', 'bob']) {
      const rollback = (rid: string) =>
        call(user, 'post', `/rotations/${rid}/rollback`, {
          version: done.versionBefore,
          reason,
        });
      rollbacks.push(
        `${user}: ${outcome(
          await rollback(second.body.id),
          await rollback(missing),
          [second.body.id, missing],
        )}`,
      );
      cell();
    }
    expect(rollbacks).toEqual(['sam: hidden', 'pat: hidden', 'bob: 200']);
    const history = await call(
      'sam',
      'get',
      '/entities/default/component/payments-api/rotations',
    );
    expect(history.status).toBe(404);
    cell();
  });
});
