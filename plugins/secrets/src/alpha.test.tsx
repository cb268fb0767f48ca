import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import secretsPlugin, {
  entitySecretsCard,
  entitySecretsContent,
} from './alpha';
import { secretsApiRef } from './api';
import {
  entityResponse,
  fleetResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
  permissionApi,
} from './__testUtils__';

/** A whole test app renders slowly on a loaded CI machine; the default 1 s is not enough. */
const APP_RENDER = { timeout: 10_000 };

describe('new frontend system export (./alpha)', () => {
  it('mounts the fleet page at /secrets with the plugin API', async () => {
    const api = mockSecretsApi();
    renderTestApp({
      features: [secretsPlugin],
      initialRouteEntries: ['/secrets'],
      apis: [[secretsApiRef, api]],
    });
    expect(
      await screen.findByText('No clusters configured', {}, APP_RENDER),
    ).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalled();
    // The framework draws the header; the legacy wrapper's own header must not appear.
    expect(
      screen.queryByText(
        'External Secrets Operator and Vault across the fleet',
      ),
    ).not.toBeInTheDocument();
  });

  it("shows the fleet's rotations and canary sections on the page", async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    renderTestApp({
      features: [secretsPlugin],
      initialRouteEntries: ['/secrets'],
      apis: [[secretsApiRef, api]],
    });
    expect(
      await screen.findByText('No rotation is running.', {}, APP_RENDER),
    ).toBeInTheDocument();
    expect(screen.getByText('Canary propagation')).toBeInTheDocument();
    expect(api.getFleetRotations).toHaveBeenCalled();
  });

  it('declares the entity content, page and API extensions', () => {
    const ids = (secretsPlugin as any).extensions?.map(
      (e: { id: string }) => e.id,
    ) ?? [...((secretsPlugin as any).getExtension ? [] : [])];
    expect(ids).toEqual(
      expect.arrayContaining([
        'api:secrets',
        'entity-content:secrets/secrets',
        'entity-card:secrets/secrets',
        'page:secrets',
      ]),
    );
  });

  it('renders the entity card, shown only for entities with the kubernetes annotations', async () => {
    const tester = createExtensionTester(entitySecretsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(makeEntity())).toBe(false);
    expect(
      filter(makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' })),
    ).toBe(true);
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([makeGroup('a', [makeRow({ status: 'Missing' })])]),
      ),
    });
    renderInTestApp(
      <TestApiProvider
        apis={[
          [secretsApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider
          entity={makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' })}
        >
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Worst status: Missing', {}, APP_RENDER),
    ).toBeInTheDocument();
  });

  it('offers the tab by annotation and explains in it a denied secrets.entity.read, without a request', async () => {
    const tester = createExtensionTester(entitySecretsContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(makeEntity())).toBe(false);
    const entity = makeEntity(
      { 'backstage.io/kubernetes-id': 'nfs-refused' },
      'nfs-refused',
    );
    expect(filter(entity)).toBe(true);
    const api = mockSecretsApi();
    renderInTestApp(
      <TestApiProvider
        apis={[
          [secretsApiRef, api],
          [permissionApiRef, permissionApi(() => 'DENY')],
        ]}
      >
        <EntityProvider entity={entity}>{tester.reactElement()}</EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText(
        'You may not read the secrets of component:default/nfs-refused',
        {},
        APP_RENDER,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /team-payments/ }),
    ).toBeInTheDocument();
    expect(api.getEntitySecrets).not.toHaveBeenCalled();
  });
});
