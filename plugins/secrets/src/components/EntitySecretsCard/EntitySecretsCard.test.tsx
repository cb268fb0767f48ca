import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { secretsApiRef } from '../../api';
import {
  entityResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
} from '../../testUtils';
import { EntitySecretsCard } from './EntitySecretsCard';

describe('EntitySecretsCard', () => {
  it('shows the worst status, counts by status and links to the tab', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse(
          [
            makeGroup('a', [
              makeRow(),
              makeRow({ name: 'b', status: 'Stale' }),
            ]),
            makeGroup('c', [makeRow({ name: 'c', status: 'StoreNotReady' })]),
          ],
          {
            errors: [
              {
                cluster: 'prod-us',
                errorType: 'FORBIDDEN',
                message: 'forbidden',
              },
            ],
          },
        ),
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
      await screen.findByText('Worst status: Store not ready'),
    ).toBeInTheDocument();
    expect(screen.getByText('Synced: 1')).toBeInTheDocument();
    expect(screen.getByText('Stale: 1')).toBeInTheDocument();
    expect(screen.queryByText(/Error:/)).not.toBeInTheDocument();
    expect(
      screen.getByText('1 cluster(s) could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /View secrets/ })).toHaveAttribute(
      'href',
      expect.stringMatching(/secrets$/),
    );
  });
});
