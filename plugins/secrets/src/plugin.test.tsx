import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  EntitySecretsCard,
  EntitySecretsContent,
  SecretsFleetPage,
  secretsPlugin,
} from './index';
import {
  annotatedEntity,
  entityResponse,
  fleetResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from './__testUtils__';

describe('legacy export', () => {
  it('is a plugin with id secrets', () => {
    expect(secretsPlugin.getId()).toBe('secrets');
  });

  it('renders the entity tab with an honest empty state', async () => {
    const api = mockSecretsApi();
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: annotatedEntity(),
    });
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
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: makeEntity(),
    });
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
    await renderWithApis(<EntitySecretsCard />, {
      api,
      entity: annotatedEntity(),
    });
    expect(
      await screen.findByText('Worst status: Pending'),
    ).toBeInTheDocument();
  });

  it('renders the fleet page with its own header', async () => {
    await renderWithApis(
      <Routes>
        <Route path="/secrets" element={<SecretsFleetPage />} />
      </Routes>,
      { routeEntries: ['/secrets'] },
    );
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Secrets' }),
    ).toBeInTheDocument();
  });

  it("renders the fleet page's rotations and canary sections", async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    await renderWithApis(
      <Routes>
        <Route path="/secrets" element={<SecretsFleetPage />} />
      </Routes>,
      { routeEntries: ['/secrets'], api },
    );
    expect(
      await screen.findByText('No rotation is running.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Canary propagation')).toBeInTheDocument();
  });
});
