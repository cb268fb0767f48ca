/*
 * Malformed input, property-based (fast-check), against every route the plugin's routers serve
 * and every MCP action it registers: path parameters, query strings, bodies of every JSON type,
 * wrong types, unknown fields, prototype-pollution keys, oversized payloads, wrong content types
 * and methods. Never a 5xx; a 4xx always carries a message, and a 400 starts with the field it
 * is about. A route or action without a generator here fails the suite.
 *
 * CI runs a fixed seed (printed); the long run: SECRETS_FUZZ_RUNS=2000 [SECRETS_FUZZ_SEED=n]
 *   npx backstage-cli package test src/tests/proof/malformedInput
 */
import { randomUUID } from 'node:crypto';
// a root devDependency, shared by the workspaces through the one lockfile entry
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import { servedRoutes } from './__testUtils__/servedRoutes';
import {
  startProofBackend,
  type ProofBackend,
} from './__testUtils__/proofBackend';

const SEED = Number(process.env.SECRETS_FUZZ_SEED ?? 1414);
const RUNS = Number(process.env.SECRETS_FUZZ_RUNS ?? 25);
jest.setTimeout(Math.max(300_000, RUNS * 2_000));

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Input {
  user: string;
  method: Method;
  path: string;
  body?: { text: string; type: string };
}

/** Real values, so that generated input also reaches past validation into the services. */
const pool = {
  groupIds: [] as string[],
  rotationIds: [] as string[],
  entityRefs: [
    'component:default/payments-api',
    'component:default/search-indexer',
    'component:default/ghost',
  ],
};

const OVERSIZED = 'x'.repeat(150_000);
const weirdKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'a.b',
  'x[y]',
);
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const anyValue = (...valid: fc.Arbitrary<unknown>[]) =>
  fc.oneof(
    { weight: 4, arbitrary: valid.length ? fc.oneof(...valid) : scalar },
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { polluted: 'yes' },
        { prototype: { polluted: 'yes' } },
        { __proto__: { polluted: 'yes' } },
      ),
    },
    { weight: 1, arbitrary: fc.constant(OVERSIZED) },
  );
const fromPool = (values: () => string[]) =>
  fc.integer({ min: 0, max: 1000 }).map(i => {
    const v = values();
    return v.length ? v[i % v.length] : 'none';
  });

/** A JSON object as text, known fields and unknown ones (prototype-pollution keys included). */
function objectText(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.array(
        fc.tuple(fc.oneof(weirdKey, fc.string({ maxLength: 12 })), anyValue()),
        { maxLength: 2 },
      ),
      fc.boolean(),
    )
    .map(([known, extra, withProto]) => {
      const entries: Array<[string, unknown]> = [
        ...Object.entries(known),
        ...extra,
        ...(withProto
          ? ([['__proto__', { polluted: 'yes' }]] as Array<[string, unknown]>)
          : []),
      ];
      return `{${entries
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`)
        .join(',')}}`;
    });
}

function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc.record({
    text: fc.oneof(
      { weight: 8, arbitrary: objectText(fields) },
      {
        weight: 1,
        arbitrary: fc.jsonValue({ maxDepth: 2 }).map(v => JSON.stringify(v)),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{') },
    ),
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/merge-patch+json',
        ),
      },
    ),
  });
}

/** An encoded path segment: real ids, any text, and what routers trip on. */
const segment = (...valid: fc.Arbitrary<string>[]) =>
  fc
    .oneof(
      { weight: 3, arbitrary: valid.length ? fc.oneof(...valid) : fc.string() },
      {
        weight: 2,
        arbitrary: fc.string({ maxLength: 40 }).filter(s => s !== ''),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '__proto__',
          'constructor',
          'Component',
          'a'.repeat(3000),
          '%',
          '\u0000',
          '\ud83d\ude00',
          '%E0%A4%A',
        ),
      },
    )
    .map(s => (s === '%E0%A4%A' ? s : encodeURIComponent(s)));

/** A query string: known keys, bracket and prototype keys, repeated keys, long values. */
function queryOf(known: string[], values: fc.Arbitrary<string>) {
  const key = fc.oneof(
    {
      weight: 4,
      arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('q'),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        '__proto__',
        'toString',
        ...known.flatMap(k => [`${k}[]`, `${k}[a]`]),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent),
    },
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: values },
    {
      weight: 2,
      arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '-1',
        '1e3',
        '0x10',
        '%E0%A4%A',
        'a'.repeat(5000),
      ),
    },
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 5 })
    .map(pairs =>
      pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '',
    );
}

const user = fc.constantFrom('alice', 'sam');
const method = (declared: Method) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant(declared) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Method>(
        'get',
        'post',
        'put',
        'patch',
        'delete',
      ),
    },
  );
const entityPath = fc
  .tuple(
    segment(fc.constantFrom('default', 'DEFAULT')),
    segment(fc.constantFrom('component', 'group', 'user')),
    segment(fc.constantFrom('payments-api', 'search-indexer', 'ghost')),
  )
  .map(([ns, kind, name]) => `/entities/${ns}/${kind}/${name}`);
const rotationId = segment(
  fromPool(() => pool.rotationIds),
  fc.uuid(),
);
const entityRef = fromPool(() => pool.entityRefs);
const groupId = fromPool(() => pool.groupIds);
const reason = fc.constantFrom(
  '',
  'short',
  'a reason long enough for the policy',
);
const smallInt = fc.integer({ min: -2, max: 100_000 }).map(String);

const rotationFields = {
  entityRef: anyValue(entityRef),
  groupId: anyValue(groupId),
  reason: anyValue(reason),
  dryRun: anyValue(fc.boolean()),
  idempotencyKey: anyValue(fc.uuid()),
  acknowledgeWarnings: anyValue(fc.boolean()),
};

/** How to make input for each `METHOD path` the routers serve. */
const ROUTES: Record<string, fc.Arbitrary<Input>> = {
  'GET /health': fc.record({
    user,
    method: method('get'),
    path: queryOf([], fc.string()).map(q => `/health${q}`),
  }),
  'GET /entities/:namespace/:kind/:name/secrets': fc.record({
    user,
    method: method('get'),
    path: fc
      .tuple(
        entityPath,
        queryOf(['format'], fc.constantFrom('compact', 'full', 'Compact')),
      )
      .map(([p, q]) => `${p}/secrets${q}`),
  }),
  'GET /entities/:namespace/:kind/:name/secrets/summary': fc.record({
    user,
    method: method('get'),
    path: fc
      .tuple(entityPath, queryOf([], fc.string()))
      .map(([p, q]) => `${p}/secrets/summary${q}`),
  }),
  'GET /entities/:namespace/:kind/:name/rotations': fc.record({
    user,
    method: method('get'),
    path: fc
      .tuple(
        entityPath,
        queryOf(['groupId', 'offset', 'limit'], fc.oneof(groupId, smallInt)),
      )
      .map(([p, q]) => `${p}/rotations${q}`),
  }),
  'GET /fleet': fc.record({
    user,
    method: method('get'),
    path: queryOf(
      ['cluster', 'namespace', 'status', 'offset', 'limit'],
      fc.oneof(
        fc.constantFrom('prod-eu', 'payments', 'Error', 'Synced'),
        smallInt,
      ),
    ).map(q => `/fleet${q}`),
  }),
  'GET /fleet/rotations': fc.record({
    user,
    method: method('get'),
    path: queryOf(['offset', 'limit', 'state'], smallInt).map(
      q => `/fleet/rotations${q}`,
    ),
  }),
  'POST /stores/revalidate': fc.record({
    user,
    method: method('post'),
    path: fc.constant('/stores/revalidate'),
    body: bodyOf({
      dryRun: anyValue(fc.constant(true)),
      stores: anyValue(
        fc.array(
          fc.record(
            {
              cluster: anyValue(fc.constantFrom('prod-eu', 'nowhere')),
              kind: anyValue(
                fc.constantFrom('SecretStore', 'ClusterSecretStore'),
              ),
              name: anyValue(fc.constantFrom('vault-legacy', 'vault-payments')),
              namespace: anyValue(fc.constant('payments')),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      ),
    }),
  }),
  'POST /rotations': fc.record({
    user,
    method: method('post'),
    path: fc.constant('/rotations'),
    body: bodyOf(rotationFields),
  }),
  'GET /rotations/:id': fc.record({
    user,
    method: method('get'),
    path: rotationId.map(id => `/rotations/${id}`),
  }),
  'GET /rotations/:id/approval': fc.record({
    user,
    method: method('get'),
    path: rotationId.map(id => `/rotations/${id}/approval`),
  }),
  'POST /rotations/:id/rollback': fc.record({
    user,
    method: method('post'),
    path: rotationId.map(id => `/rotations/${id}/rollback`),
    body: bodyOf({
      version: anyValue(fc.integer({ min: 0, max: 5 })),
      reason: anyValue(reason),
      dryRun: anyValue(fc.boolean()),
      idempotencyKey: anyValue(fc.uuid()),
      acknowledgeWarnings: anyValue(fc.boolean()),
    }),
  }),
  'POST /rotations/:id/cancel': fc.record({
    user,
    method: method('post'),
    path: rotationId.map(id => `/rotations/${id}/cancel`),
    body: bodyOf({}),
  }),
  'POST /rotations/:id/approve': fc.record({
    user,
    method: method('post'),
    path: rotationId.map(id => `/rotations/${id}/approve`),
    body: bodyOf({ reason: anyValue(reason) }),
  }),
  'POST /rotations/:id/deny': fc.record({
    user,
    method: method('post'),
    path: rotationId.map(id => `/rotations/${id}/deny`),
    body: bodyOf({ reason: anyValue(reason) }),
  }),
  'GET /approvals': fc.record({
    user,
    method: method('get'),
    path: queryOf([], fc.string()).map(q => `/approvals${q}`),
  }),
};

const invokePath = (action: string) =>
  `/.backstage/actions/v1/actions/secrets:${action}/invoke`;
/** The same for each MCP action, by name. */
const ACTIONS: Record<string, fc.Arbitrary<Input>> = {
  'get-entity-secrets': fc.record({
    user,
    method: fc.constant<Method>('post'),
    path: fc.constant(invokePath('get-entity-secrets')),
    body: bodyOf({ entityRef: anyValue(entityRef) }),
  }),
  'request-secret-rotation': fc.record({
    user,
    method: fc.constant<Method>('post'),
    path: fc.constant(invokePath('request-secret-rotation')),
    body: bodyOf(rotationFields),
  }),
};

/**
 * `<field>: <what it must be>`, as parseOrThrow words it; an MCP action's input is validated by
 * Backstage's actions registry before the action runs, and its message lists zod's issues, each
 * with the field's path.
 */
function namesField(message: string, path: string): boolean {
  if (/^[^\s:;]+: \S/.test(message)) return true;
  if (!path.startsWith('/.backstage/actions/')) return false;
  // the registry's own body parser: the body is the field, and the message says where it broke
  return (
    /^Invalid input to action "secrets:[\w-]+"; caused by .*"path": \[/s.test(
      message,
    ) || /JSON/.test(message)
  );
}

/** What is wrong with an answer, or undefined. */
function problem(res: {
  status: number;
  body: any;
  text: string;
  path: string;
}): string | undefined {
  if (res.status >= 500) return `${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return undefined;
  const message = res.body?.error?.message;
  if (typeof message !== 'string' || message.trim() === '')
    return `${res.status} without a message: ${res.text.slice(0, 300)}`;
  if (res.status === 400 && !namesField(message, res.path))
    return `400 whose message names no field: ${message.slice(0, 300)}`;
  if (
    res.status === 413 &&
    !res.path.startsWith('/.backstage/actions/') &&
    !/^body: must be at most/.test(message)
  )
    return `413 that does not say the limit of the body: ${message}`;
  return undefined;
}

describe('malformed input', () => {
  let backend: ProofBackend;
  let sent = 0;

  const send = async (input: Input) => {
    sent++;
    return backend.call(input.user, input.method, input.path, undefined, {
      ...(input.body
        ? { raw: input.body.text, contentType: input.body.type }
        : {}),
    });
  };

  beforeAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `malformed input: seed ${SEED}, ${RUNS} runs per route (SECRETS_FUZZ_SEED, SECRETS_FUZZ_RUNS)`,
    );
    backend = await startProofBackend({
      rotation: {
        // every real rotation the fuzzer manages to start waits, so none writes to Vault
        environments: Object.fromEntries(
          ['dev', 'prod'].map(env => [
            env,
            {
              approval: {
                approvers: ['group:default/platform-team'],
                expiresAfter: { hours: 1 },
              },
            },
          ]),
        ),
      },
    });
    const view = await backend.call(
      'alice',
      'get',
      '/entities/default/component/payments-api/secrets',
    );
    pool.groupIds.push(...view.body.groups.map((g: any) => g.id));
    const started = await backend.call('alice', 'post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId: view.body.groups.find(
        (g: any) => g.vault.key === 'payments-api/db',
      ).id,
      reason: 'the fuzzer needs a real rotation id',
      dryRun: false,
    });
    pool.rotationIds.push(started.body.id, randomUUID());
  }, 120_000);
  afterAll(async () => {
    // eslint-disable-next-line no-console
    const answers = new Map<string, number>();
    for (const e of backend.exchanges) {
      const message = String(e.body?.error?.message ?? '')
        .replace(/[0-9a-f-]{36}/g, '<id>')
        .replace(/\s+/g, ' ')
        .slice(0, 70);
      const k = `${e.status} ${e.status >= 400 ? message : ''}`;
      answers.set(k, (answers.get(k) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(
      `malformed input: ${sent} requests, seed ${SEED}; answers:\n${[...answers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 40)
        .map(([k, n]) => `${String(n).padStart(6)}  ${k}`)
        .join('\n')}`,
    );
    await backend?.stop();
  });

  it('has a generator for every route and every MCP action', async () => {
    const actions = await backend.call(
      'alice',
      'get',
      '/.backstage/actions/v1/actions',
    );
    const served = [
      ...(await servedRoutes()),
      ...actions.body.actions.map((a: any) => `action ${a.name}`),
    ];
    const covered = [
      ...Object.keys(ROUTES),
      ...Object.keys(ACTIONS).map(a => `action ${a}`),
    ];
    expect(served.filter(r => !covered.includes(r))).toEqual([]);
    expect(covered.filter(r => !served.includes(r))).toEqual([]);
  });

  it.each([...Object.entries(ROUTES), ...Object.entries(ACTIONS)])(
    '%s: never a 5xx, every 4xx says what is wrong',
    async (_route, inputs) => {
      await fc.assert(
        fc.asyncProperty(inputs, async input => {
          const res = await send(input);
          const found = problem(res);
          if (found)
            throw new Error(
              `${input.method.toUpperCase()} ${input.path.slice(
                0,
                200,
              )}: ${found}`,
            );
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(sent).toBeGreaterThan(0);
    },
  );

  it('an unknown field, prototype keys included, is a 400 that names it', async () => {
    const reasonText = 'a reason long enough for the policy';
    const bodies: Array<[string, () => Record<string, unknown>, string]> = [
      [
        '/rotations',
        () => ({
          entityRef: 'component:default/payments-api',
          groupId: pool.groupIds[0],
          reason: reasonText,
        }),
        'body',
      ],
      [
        `/rotations/${pool.rotationIds[0]}/rollback`,
        () => ({ version: 1, reason: reasonText }),
        'body',
      ],
      [
        `/rotations/${pool.rotationIds[0]}/approve`,
        () => ({ reason: reasonText }),
        'body',
      ],
      [
        `/rotations/${pool.rotationIds[0]}/deny`,
        () => ({ reason: reasonText }),
        'body',
      ],
      [`/rotations/${pool.rotationIds[1]}/cancel`, () => ({}), 'body'],
      ['/stores/revalidate', () => ({ dryRun: true }), 'body'],
    ];
    const known = [
      'entityRef',
      'groupId',
      'reason',
      'dryRun',
      'idempotencyKey',
      'acknowledgeWarnings',
      'version',
      'stores',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodies),
        fc
          .oneof(weirdKey, fc.string({ minLength: 1, maxLength: 12 }))
          .filter(k => !known.includes(k)),
        anyValue(),
        fc.constantFrom('alice', 'sam'),
        async ([path, base, where], key, value, who) => {
          const text = `${JSON.stringify(base()).slice(0, -1)}${
            Object.keys(base()).length ? ',' : ''
          }${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
          const res = await backend.call(who, 'post', path, undefined, {
            raw: text,
            contentType: 'application/json',
          });
          sent++;
          const message: string = res.body?.error?.message ?? '';
          if (res.status === 413) return; // the value was the oversized one
          if (
            res.status !== 400 ||
            !message.includes(`${where}: unknown ${key}`)
          )
            throw new Error(
              `${path} with ${JSON.stringify(key)}: ${res.status} ${message}`,
            );
        },
      ),
      { seed: SEED, numRuns: RUNS * 4, endOnFailure: true },
    );
    // and inside an array of objects
    const nested = await backend.call(
      'alice',
      'post',
      '/stores/revalidate',
      undefined,
      {
        raw: '{"stores":[{"cluster":"prod-eu","kind":"ClusterSecretStore","name":"vault-payments","__proto__":{"polluted":"yes"}}]}',
        contentType: 'application/json',
      },
    );
    expect([nested.status, nested.body.error.message]).toEqual([
      400,
      'stores[0]: unknown __proto__; allowed: cluster, kind, name, namespace',
    ]);
  });

  it('regressions the fuzzer found: an oversized body names the body and its limit; a bad ref in an MCP action is a 400, not a 500; unknown history query keys and cancel fields are named; a path parameter that is not percent-encoded UTF-8 is named', async () => {
    const text = JSON.stringify({ reason: OVERSIZED });
    const big = await backend.call('alice', 'post', '/rotations', undefined, {
      raw: text,
      contentType: 'application/json',
    });
    expect([big.status, big.body.error]).toEqual([
      413,
      {
        name: 'PayloadTooLargeError',
        message: `body: must be at most 100kb, got ${text.length} bytes`,
      },
    ]);
    for (const path of [
      '/rotations/%E0%A4%A',
      '/rotations/%E0%A4%A/approval',
      '/entities/default/component/%E0%A4%A/secrets',
    ]) {
      const res = await backend.call('alice', 'get', path);
      expect([path, res.status, res.body.error.message]).toEqual([
        path,
        400,
        'path: "%E0%A4%A" is not valid percent-encoded UTF-8',
      ]);
    }
    const unknownQuery = await backend.call(
      'alice',
      'get',
      '/entities/default/component/payments-api/rotations?sort=desc',
    );
    expect([unknownQuery.status, unknownQuery.body.error.message]).toEqual([
      400,
      'query: unknown sort; allowed: groupId, offset, limit',
    ]);
    const cancelWithField = await backend.call(
      'alice',
      'post',
      `/rotations/${pool.rotationIds[1]}/cancel`,
      { force: true },
    );
    expect([
      cancelWithField.status,
      cancelWithField.body.error.message,
    ]).toEqual([
      400,
      'body: unknown force; allowed: none (send {} or no body)',
    ]);
    for (const ref of ['m)/', 'payments-api', 'component:default/']) {
      const res = await backend.invoke('sam', 'get-entity-secrets', {
        entityRef: ref,
      });
      expect([ref, res.status, res.body.error?.message]).toEqual([
        ref,
        400,
        'entityRef: must be a full entity ref: kind:namespace/name, e.g. component:default/payments-api',
      ]);
    }
  });

  it('leaves Object.prototype alone', () => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as any).polluted).toBeUndefined();
  });
});
