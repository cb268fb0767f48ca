import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuthorizedRotationService } from './AuthorizedRotationService';
import type { RotationService } from './types';

const credentials = mockCredentials.user('user:default/alice');
const empty = { inFlight: [], failed: [], since: '2026-11-30T10:00:00.000Z' };

function setup(options: {
  fleetRead: boolean;
  entityRead: (ref: string) => boolean;
}) {
  const inner = {
    listFleet: jest.fn(async () => empty),
  } as unknown as jest.Mocked<RotationService>;
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => {
      const resourceRef = (r as { resourceRef?: string }).resourceRef;
      const allowed =
        r.permission.name === 'secrets.fleet.read'
          ? options.fleetRead
          : !!resourceRef && options.entityRead(resourceRef);
      return {
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }),
  );
  // ownership: a conditional decision, applied to every annotated entity at once
  permissions.authorizeConditional.mockResolvedValue([
    {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {},
      },
    },
  ] as never);
  const entity = (name: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
  });
  const catalog = {
    getEntities: jest.fn(async () => ({
      items: [entity('payments-api'), entity('search-indexer')],
    })),
  } as unknown as CatalogService;
  const service = new AuthorizedRotationService(
    inner,
    permissions,
    { get: jest.fn() },
    catalog,
  );
  return { service, inner, catalog };
}

describe('AuthorizedRotationService.listFleet', () => {
  it("lists every entity's rotations for secrets.fleet.read, without asking the catalog", async () => {
    const { service, inner, catalog } = setup({
      fleetRead: true,
      entityRead: () => false,
    });
    await expect(service.listFleet({ credentials })).resolves.toEqual(empty);
    expect(inner.listFleet).toHaveBeenCalledWith({ credentials });
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it('scopes everyone else to the entities whose secrets they may read', async () => {
    const { service, inner } = setup({
      fleetRead: false,
      entityRead: ref => ref === 'component:default/payments-api',
    });
    await service.listFleet({ credentials });
    expect(inner.listFleet).toHaveBeenCalledWith({
      credentials,
      scope: { entityRefs: new Set(['component:default/payments-api']) },
    });
  });
});
