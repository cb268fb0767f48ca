import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { ExternalSecretRow } from '@internal/plugin-secrets-common';
import { secretsApiRef } from '../../api';
import {
  entityResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
} from '../../testUtils';
import { ConsumersCell } from '../SecretRow/ConsumersCell';
import { EntitySecretsContent } from './EntitySecretsContent';

// Counts row renders while keeping the real cell.
jest.mock('../SecretRow/ConsumersCell', () => {
  const actual = jest.requireActual('../SecretRow/ConsumersCell');
  return { ConsumersCell: jest.fn(actual.ConsumersCell) };
});

function render(
  api = mockSecretsApi(),
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': 'payments-api',
  },
) {
  return renderInTestApp(
    <TestApiProvider apis={[[secretsApiRef, api]]}>
      <EntityProvider entity={makeEntity(annotations)}>
        <EntitySecretsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntitySecretsContent', () => {
  it('shows a skeleton while loading', async () => {
    await render(
      mockSecretsApi({
        getEntitySecrets: jest.fn(() => new Promise(() => {})),
      }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading secrets' }),
    ).toBeInTheDocument();
  });

  it('names the label selector in the empty state when the entity uses one', async () => {
    await render(mockSecretsApi(), {
      'backstage.io/kubernetes-label-selector': 'app=payments',
    });
    expect(
      await screen.findByText(/label selector app=payments/),
    ).toBeInTheDocument();
  });

  it('shows the server error when the request fails', async () => {
    const error = Object.assign(new Error('backend exploded'), {
      name: 'Error',
    });
    await render(
      mockSecretsApi({
        getEntitySecrets: jest.fn(async () => Promise.reject(error)),
      }),
    );
    expect(
      (await screen.findAllByText(/backend exploded/, {}, { timeout: 4000 }))
        .length,
    ).toBeGreaterThan(0);
  });

  it('groups rows by Vault key with cause, refresh ETA, blockers and consumers', async () => {
    const failing = makeRow({
      cluster: 'prod-us',
      name: 'db-us',
      status: 'Error',
      cause: 'permission denied on secret/data/payments/db',
      nextRefreshAt: undefined,
      refreshPolicy: 'CreatedOnce',
      forceSync: {
        supported: false,
        blockers: ['ClusterExternalSecretChild'],
        via: { kind: 'ClusterExternalSecret', name: 'db-everywhere' },
      },
      pushedBy: [{ namespace: 'payments', name: 'seed-db' }],
      consumers: [
        {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'worker',
          restartedBy: 'nobody',
        },
      ],
    });
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('payments/db', [makeRow(), failing], {
            property: 'password',
            pinnedVersion: '3',
          }),
        ]),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table', {
      name: /payments\/db#password/,
    });
    expect(screen.getByText(/Pinned to Vault version 3/)).toBeInTheDocument();
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3); // header + 2, worst status first
    expect(within(rows[1]).getByText('prod-us')).toBeInTheDocument();
    expect(
      within(rows[1]).getAllByText(/permission denied on secret/).length,
    ).toBeGreaterThan(0);
    expect(within(rows[1]).getByText('Never: CreatedOnce')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/PushSecret payments\/seed-db/),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/bump the ClusterExternalSecret db-everywhere/),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/restarted by nobody/),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText(/takes effect by ~/)).toBeInTheDocument();
    expect(within(rows[2]).getByText('5m ago')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText(/restarted by Reloader/),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('7')).toBeInTheDocument();
  });

  it('renders the reachable clusters when one is unreachable and says how stale data is', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([makeGroup('payments/db', [makeRow()])], {
          errors: [
            {
              cluster: 'prod-us',
              errorType: 'UNREACHABLE',
              message: 'connect ECONNREFUSED',
            },
          ],
          clusters: [
            {
              name: 'prod-eu',
              state: 'degraded',
              esoApiVersion: 'v1',
              staleSeconds: 420,
            },
            { name: 'prod-us', state: 'unreachable', esoApiVersion: 'unknown' },
          ],
        }),
      ),
    });
    await render(api);
    expect(
      await screen.findByText(
        /Cluster prod-us could not be read \(UNREACHABLE\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster prod-eu is degraded: its data is 7m old/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: /payments\/db/ }),
    ).toBeInTheDocument();
  });

  it('renders 500 rows and filters them by cluster, status and search', async () => {
    const rows: ExternalSecretRow[] = Array.from({ length: 500 }, (_, i) =>
      makeRow({
        cluster: `cluster-${i % 5}`,
        name: `secret-${i}`,
        status: i % 10 === 0 ? 'Error' : 'Synced',
      }),
    );
    const groups = Array.from({ length: 10 }, (_, g) =>
      makeGroup(`app/key-${g}`, rows.slice(g * 50, g * 50 + 50)),
    );
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => entityResponse(groups)),
    });
    await render(api);
    await screen.findAllByRole('table');
    const bodyRows = () =>
      screen.getAllByRole('row').length - screen.getAllByRole('table').length;
    expect(bodyRows()).toBe(500);

    const user = userEvent.setup();
    // Keystrokes that keep every row visible re-render none of them.
    const rendersBefore = jest.mocked(ConsumersCell).mock.calls.length;
    await user.type(
      screen.getByRole('searchbox', { name: 'Search' }),
      'secret',
    );
    await waitFor(() =>
      expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue(
        'secret',
      ),
    );
    expect(bodyRows()).toBe(500);
    expect(jest.mocked(ConsumersCell).mock.calls.length).toBe(rendersBefore);
    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Cluster' }),
      'cluster-0',
    );
    await waitFor(() => expect(bodyRows()).toBe(100));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'Error',
    );
    await waitFor(() => expect(bodyRows()).toBe(50));
    await user.type(
      screen.getByRole('searchbox', { name: 'Search' }),
      'secret-49',
    );
    await waitFor(() => expect(bodyRows()).toBe(1));
    expect(screen.getByText('secret-490')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'x');
    expect(
      await screen.findByText('No ExternalSecret matches these filters.'),
    ).toBeInTheDocument();
  }, 30_000);

  it('sorts rows by the chosen key', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('k', [
            makeRow({ cluster: 'b-cluster', name: 'x', status: 'Synced' }),
            makeRow({ cluster: 'a-cluster', name: 'y', status: 'Error' }),
            makeRow({ cluster: 'c-cluster', name: 'z', status: 'Stale' }),
          ]),
        ]),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table');
    const firstCells = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[0].textContent);
    expect(firstCells()).toEqual(['a-cluster', 'c-cluster', 'b-cluster']);
    await userEvent
      .setup()
      .selectOptions(
        screen.getByRole('combobox', { name: 'Sort by' }),
        'cluster',
      );
    await waitFor(() =>
      expect(firstCells()).toEqual(['a-cluster', 'b-cluster', 'c-cluster']),
    );
  });
});
