import {
  entityRefParamsSchema,
  fleetQuerySchema,
  revalidateRequestSchema,
} from './schemas';

const messages = (result: { success: boolean; error?: any }) =>
  result.success
    ? []
    : result.error.issues.map((i: any) => `${i.path.join('.')}: ${i.message}`);

describe('revalidateRequestSchema', () => {
  it('is a dry run unless dryRun is explicitly false', () => {
    expect(revalidateRequestSchema.parse({})).toEqual({ dryRun: true });
    expect(
      revalidateRequestSchema.parse({
        stores: [{ cluster: 'a', kind: 'ClusterSecretStore', name: 'vault' }],
      }).dryRun,
    ).toBe(true);
    expect(revalidateRequestSchema.parse({ dryRun: false }).dryRun).toBe(false);
  });

  it.each([
    [null, ': must be a JSON object'],
    [undefined, ': must be a JSON object'],
    [{ dryRun: 'no' }, 'dryRun: must be true or false'],
    [{ dryrun: false }, ': unknown dryrun; allowed: dryRun, stores'],
    [
      { stores: [{ cluster: 'a', kind: 'SecretStore', name: 'vault' }] },
      'stores.0.namespace: is required for a SecretStore',
    ],
    [
      {
        stores: [
          {
            cluster: 'a',
            kind: 'ClusterSecretStore',
            name: 'vault',
            namespace: 'x',
          },
        ],
      },
      'stores.0.namespace: must be left out for a ClusterSecretStore',
    ],
    [
      { stores: [{ cluster: 'a', kind: 'Vault', name: 'v' }] },
      'stores.0.kind: must be SecretStore or ClusterSecretStore',
    ],
    [
      { stores: [{ kind: 'ClusterSecretStore', name: 'v' }] },
      'stores.0.cluster: is required',
    ],
  ])('rejects %j with a message saying what is allowed', (body, message) => {
    const got = messages(revalidateRequestSchema.safeParse(body));
    expect(got.some((m: string) => m.startsWith(message))).toBe(true);
  });
});

describe('fleetQuerySchema', () => {
  it('defaults and parses integers', () => {
    expect(fleetQuerySchema.parse({})).toEqual({ offset: 0, limit: 50 });
    expect(fleetQuerySchema.parse({ offset: '20', limit: '500' })).toEqual({
      offset: 20,
      limit: 500,
    });
  });

  it.each([
    [{ offset: '1e309' }, 'offset: must be an integer from 0 to 10000'],
    [{ offset: '-1' }, 'offset: must be an integer from 0 to 10000'],
    [{ offset: '1.5' }, 'offset: must be an integer from 0 to 10000'],
    [
      { limit: ['1', '2'] },
      'limit: must be an integer from 1 to 500, given once',
    ],
    [{ limit: '501' }, 'limit: must be an integer from 1 to 500'],
    [{ cluster: ['a', 'b'] }, 'cluster: must be a cluster name, given once'],
  ])('rejects %j', (query, message) => {
    expect(messages(fleetQuerySchema.safeParse(query))).toEqual([message]);
  });
});

describe('entityRefParamsSchema', () => {
  it('lower-cases kind and namespace, keeps the name', () => {
    expect(
      entityRefParamsSchema.parse({
        namespace: 'Default',
        kind: 'API',
        name: 'Payments-API',
      }),
    ).toEqual({ namespace: 'default', kind: 'api', name: 'Payments-API' });
  });

  it.each([
    [{ namespace: 'default', kind: 'component', name: 'a:b' }, 'name'],
    [{ namespace: 'default', kind: 'component', name: 'a\u0000b' }, 'name'],
    [{ namespace: 'default', kind: 'component', name: 'x'.repeat(64) }, 'name'],
    [{ namespace: 'default', kind: 'Foo', name: 'x' }, 'kind'],
    [{ namespace: 'a/b', kind: 'component', name: 'x' }, 'namespace'],
  ])('rejects %j in the %s', (params, part) => {
    const got = messages(entityRefParamsSchema.safeParse(params));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(new RegExp(`^${part}: must be a catalog`));
  });
});
