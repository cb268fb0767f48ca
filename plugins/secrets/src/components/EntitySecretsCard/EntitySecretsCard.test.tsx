import { screen } from '@testing-library/react';
import {
  annotatedEntity,
  entityResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
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
    await renderWithApis(<EntitySecretsCard />, {
      api,
      entity: annotatedEntity(),
    });
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

  it('names the worst failing secret and its cause in one line, linking to its row', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('a', [
            makeRow({ name: 'stale-one', status: 'Stale' }),
            makeRow({
              cluster: 'dev-eu',
              name: 'feature-flags',
              status: 'Error',
              cause: 'connect: connection refused',
            }),
          ]),
        ]),
      ),
    });
    await renderWithApis(<EntitySecretsCard />, {
      api,
      entity: annotatedEntity(),
    });
    const link = await screen.findByRole('link', {
      name: 'feature-flags in dev-eu',
    });
    expect(link).toHaveAttribute(
      'href',
      expect.stringMatching(
        /secrets\?secret=dev-eu%2Fpayments%2Ffeature-flags$/,
      ),
    );
    expect(link.parentElement).toHaveTextContent(
      'feature-flags in dev-eu: connect: connection refused',
    );
  });

  it('says in one line why a user without secrets.entity.read sees nothing, without a request', async () => {
    const api = mockSecretsApi();
    await renderWithApis(<EntitySecretsCard />, {
      api,
      // its own entity: usePermission caches decisions per resource
      entity: makeEntity(
        { 'backstage.io/kubernetes-id': 'card-refused' },
        'card-refused',
      ),
      decide: () => 'DENY',
    });
    expect(
      await screen.findByText(/You may not read the secrets of this component/),
    ).toBeInTheDocument();
    expect(screen.getByText('secrets.entity.read')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /team-payments/ }),
    ).toBeInTheDocument();
    expect(api.getEntitySecrets).not.toHaveBeenCalled();
  });
});
