import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntitySecretsCard,
  EntitySecretsContent,
  SecretsFleetPage,
  secretsApiRef,
  secretsPlugin,
} from './index';
import {
  entityResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
  permissionApi,
} from './testUtils';

describe('legacy export', () => {
  it('is a plugin with id secrets', () => {
    expect(secretsPlugin.getId()).toBe('secrets');
  });

  it('renders the entity tab with an honest empty state', async () => {
    const api = mockSecretsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api]]}>
        <EntityProvider
          entity={makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' })}
        >
          <EntitySecretsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No ExternalSecrets found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/backstage.io\/kubernetes-id=payments-api/),
    ).toBeInTheDocument();
    expect(api.getEntitySecrets).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('tells which annotation to add when the entity has none', async () => {
    const api = mockSecretsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api]]}>
        <EntityProvider entity={makeEntity()}>
          <EntitySecretsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findAllByText(/backstage.io\/kubernetes-id/),
    ).not.toHaveLength(0);
    expect(api.getEntitySecrets).not.toHaveBeenCalled();
  });

  it('renders the entity card', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([makeGroup('a', [makeRow({ status: 'Pending' })])]),
      ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api]]}>
        <EntityProvider
          entity={makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' })}
        >
          <EntitySecretsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Worst status: Pending'),
    ).toBeInTheDocument();
  });

  it('renders the fleet page with its own header', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [secretsApiRef, mockSecretsApi()],
          [permissionApiRef, permissionApi(() => 'ALLOW')],
        ]}
      >
        <Routes>
          <Route path="/secrets" element={<SecretsFleetPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/secrets'] },
    );
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Secrets' }),
    ).toBeInTheDocument();
  });
});
