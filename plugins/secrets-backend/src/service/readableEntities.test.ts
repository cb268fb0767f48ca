import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { readableSecretsEntities } from './readableEntities';

const component = (name: string, annotations: Record<string, string>) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  } as Entity);

const entities = [
  component('payments-api', { 'backstage.io/kubernetes-id': 'payments-api' }),
  component('search-indexer', {
    'backstage.io/kubernetes-label-selector': 'app=search',
  }),
  component('docs-site', {}),
];
const credentials = mockCredentials.user('user:default/alice');
const decision = (result: AuthorizeResult) => [{ result }] as any;

describe('readableSecretsEntities', () => {
  it('DENY outright: no catalog query, nothing readable', async () => {
    const catalog = catalogServiceMock.mock();
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => decision(AuthorizeResult.DENY),
    });
    await expect(
      readableSecretsEntities(catalog, permissions, { credentials }),
    ).resolves.toEqual([]);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it('ALLOW outright: every entity with a Secrets tab, without a per-entity check', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => decision(AuthorizeResult.ALLOW),
    });
    const found = await readableSecretsEntities(
      catalogServiceMock({ entities }),
      permissions,
      { credentials },
    );
    expect(found.map(e => e.metadata.name).sort()).toEqual([
      'payments-api',
      'search-indexer',
    ]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('CONDITIONAL: one batched authorization for all of them, keeping the allowed', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => decision(AuthorizeResult.CONDITIONAL),
      authorize: async requests =>
        requests.map((r: any) => ({
          result:
            r.resourceRef === 'component:default/payments-api'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    });
    const found = await readableSecretsEntities(
      catalogServiceMock({ entities }),
      permissions,
      { credentials },
    );
    expect(found.map(e => e.metadata.name)).toEqual(['payments-api']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect((permissions.authorize as jest.Mock).mock.calls[0][0]).toHaveLength(
      2,
    );
  });
});
