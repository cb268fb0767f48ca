import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { EntitySecretsCard } from '../components/EntitySecretsCard';
import { EntitySecretsContent } from '../components/EntitySecretsContent';
import {
  annotatedEntity,
  entityResponse,
  makeGroup,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from '../__testUtils__';

/** The card and the tab each bring their own provider; they must still share one fetch. */
describe('entity secrets shared between the card and the tab', () => {
  const api = () =>
    mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('payments-api/db', [makeRow({ status: 'Stale' })]),
        ]),
      ),
    });
  const page = (secretsApi: ReturnType<typeof api>, children: ReactElement) =>
    renderWithApis(children, { api: secretsApi, entity: annotatedEntity() });

  it('fetches once when both are on the page', async () => {
    const secretsApi = api();
    await page(
      secretsApi,
      <>
        <EntitySecretsCard />
        <EntitySecretsContent />
      </>,
    );
    expect(await screen.findByText('Worst status: Stale')).toBeInTheDocument();
    expect(await screen.findByText('db-credentials')).toBeInTheDocument();
    expect(secretsApi.getEntitySecrets).toHaveBeenCalledTimes(1);
    expect(secretsApi.getEntitySecrets).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('shows the tab from the cache after navigating from the card', async () => {
    const secretsApi = api();
    const overview = await page(secretsApi, <EntitySecretsCard />);
    expect(await screen.findByText('Worst status: Stale')).toBeInTheDocument();
    overview.unmount();
    await page(secretsApi, <EntitySecretsContent />);
    // rendered from the cache: no skeleton, no second request
    expect(screen.getByText('db-credentials')).toBeInTheDocument();
    expect(secretsApi.getEntitySecrets).toHaveBeenCalledTimes(1);
  });
});
