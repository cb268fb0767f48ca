import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExternalSecretRow } from '@secrets-plugin/plugin-secrets-common';
import {
  entityResponse,
  makeEntity,
  makeGroup,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
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
  routeEntries?: string[],
) {
  return renderWithApis(<EntitySecretsContent />, {
    api,
    entity: makeEntity(annotations),
    routeEntries,
  });
}

/** The ExternalSecret rows of a table, without the cause lines under them. */
function mainRows(table: HTMLElement): HTMLElement[] {
  return Array.from(table.querySelectorAll<HTMLElement>('tr[data-row]'));
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

  it('groups rows by Vault key with cause, when it takes effect, blockers and consumers', async () => {
    const failing = makeRow({
      cluster: 'prod-us',
      name: 'db-us',
      status: 'Error',
      cause: 'permission denied on secret/data/payments/db',
      takesEffect: { reason: 'created-once', forceSyncHelps: false },
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
    const all = within(table).getAllByRole('row');
    // header, the failing row and its cause line, the healthy row; worst status first
    expect(all).toHaveLength(4);
    const rows = [all[0], ...mainRows(table)];
    expect(within(rows[1]).getByText('prod-us')).toBeInTheDocument();
    expect(all[2]).toHaveTextContent(/permission denied on secret/);
    expect(
      within(rows[1]).getByText('never (CreatedOnce)'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/PushSecret payments\/seed-db/),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/bump the ClusterExternalSecret db-everywhere/),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/restarted by nobody/),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('refresh in 55m')).toBeInTheDocument();
    expect(within(rows[2]).getByText('synced 5m ago')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText(/restarted by Reloader/),
    ).toBeInTheDocument();
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
    // One answer for every request: a refetch while the test types (the render of 500 rows can
    // outlast the stale time) must not count as re-rendering for a filter.
    const response = entityResponse(groups);
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => response),
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
    // 500 rows of MUI cells render in ~40 s on a shared, loaded 2-core machine
  }, 90_000);

  it('re-renders no remaining row when a filter shifts their stripes', async () => {
    // alternating clusters: hiding one shifts every remaining row from odd to even or back
    const rows: ExternalSecretRow[] = Array.from({ length: 40 }, (_, i) =>
      makeRow({ cluster: `cluster-${i % 2}`, name: `secret-${i}` }),
    );
    const response = entityResponse([makeGroup('app/key', rows)]);
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => response),
    });
    await render(api);
    await screen.findAllByRole('table');
    const user = userEvent.setup();
    const rendersBefore = jest.mocked(ConsumersCell).mock.calls.length;
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Cluster' }),
      'cluster-1',
    );
    const table = screen.getByRole('table');
    await waitFor(() => expect(mainRows(table)).toHaveLength(20));
    expect(jest.mocked(ConsumersCell).mock.calls.length).toBe(rendersBefore);
    // the stripes still alternate down the filtered table
    const shades = mainRows(table).map(r => r.className);
    expect(shades[0]).not.toBe(shades[1]);
    expect(shades[0]).toBe(shades[2]);
  });

  it('defers groups below the fold only on a tab of a hundred rows or more', async () => {
    const deferred = () =>
      screen
        .getAllByRole('table')
        .filter(t =>
          /SecretsGroup-group/.test(t.closest('.MuiPaper-root')!.className),
        );
    const tab = async (count: number) => {
      const rows = Array.from({ length: count }, (_, i) =>
        makeRow({ name: `secret-${i}` }),
      );
      const response = entityResponse([
        makeGroup('app/a', rows.slice(0, count / 2)),
        makeGroup('app/b', rows.slice(count / 2)),
      ]);
      const view = await render(
        mockSecretsApi({ getEntitySecrets: jest.fn(async () => response) }),
      );
      await screen.findAllByRole('table');
      return view;
    };
    // a small tab is laid out whole, so a page measured at once has its real height
    const small = await tab(10);
    expect(deferred()).toHaveLength(0);
    small.unmount();
    await tab(100);
    expect(deferred()).toHaveLength(2);
  }, 60_000);

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
      mainRows(table).map(r => within(r).getAllByRole('cell')[0].textContent);
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

  it('puts a long cause in a full-width line under its row, with its age and count', async () => {
    const now = Date.now();
    const cause =
      'error processing spec.data[0] (key: payments-api/feature-flags), err: unable to log in to auth method: dial tcp 127.0.0.1:37523: connect: connection refused';
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse(
          [
            makeGroup('payments/flags', [
              makeRow({
                name: 'flags',
                status: 'Error',
                cause,
                causeInfo: {
                  source: 'event',
                  reason: 'UpdateFailed',
                  count: 12,
                  lastSeenAt: new Date(now - 3 * 60_000).toISOString(),
                  superseded: false,
                },
              }),
              makeRow({
                cluster: 'prod-us',
                name: 'flags',
                status: 'Synced',
                lastSyncAt: new Date(now - 60_000).toISOString(),
                cause: 'connect: connection refused',
                causeInfo: {
                  source: 'event',
                  count: 4,
                  lastSeenAt: new Date(now - 6 * 60_000).toISOString(),
                  superseded: true,
                },
              }),
            ]),
          ],
          { generatedAt: new Date(now).toISOString() },
        ),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table');
    const detail = table.querySelector<HTMLElement>(
      'tr[data-detail-of="prod-eu/payments/flags"]',
    )!;
    const cells = within(detail).getAllByRole('cell');
    expect(cells).toHaveLength(1);
    expect(cells[0]).toHaveAttribute('colspan', '6');
    expect(detail).toHaveTextContent(cause);
    expect(detail).toHaveTextContent(
      '(last seen 3m ago, 12 times, UpdateFailed)',
    );
    // the cause is not squeezed into the status column any more
    const main = table.querySelector<HTMLElement>(
      'tr[data-row="prod-eu/payments/flags"]',
    )!;
    expect(main).not.toHaveTextContent(/connection refused/);

    const superseded = table.querySelector<HTMLElement>(
      'tr[data-detail-of="prod-us/payments/flags"]',
    )!;
    expect(superseded).toHaveTextContent(
      /earlier failure, superseded by a sync at/,
    );
    expect(superseded.querySelector('[data-superseded="true"]')).not.toBeNull();
  });

  it('keeps short columns on one line and never breaks words mid-word', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([makeGroup('k', [makeRow({ status: 'Error' })])]),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table');
    const [cluster, , , status, takesEffect] = within(
      mainRows(table)[0],
    ).getAllByRole('cell');
    for (const cell of [status, takesEffect]) {
      expect(getComputedStyle(cell).whiteSpace).toBe('nowrap');
    }
    expect(
      getComputedStyle(within(cluster).getByText('prod-eu')).whiteSpace,
    ).toBe('nowrap');
    // The theme's `word-break: break-word` on cells breaks words mid-word in narrow columns; the
    // table resets it for its cells (jsdom's cascade ignores specificity, so read the rule).
    const css = Array.from(document.querySelectorAll('style'))
      .map(e => e.textContent ?? '')
      .join('\n');
    const tableClass = Array.from(table.classList).find(c =>
      c.startsWith('SecretsTable-table'),
    )!;
    expect(css).toMatch(
      new RegExp(
        `\\.${tableClass} th, \\.${tableClass} td \\{[^}]*word-break: normal`,
      ),
    );
    expect(css).not.toMatch(/break-all/);
    for (const header of within(table).getAllByRole('columnheader')) {
      expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
    }
  });

  it('shows the Vault version column only when a row knows its version, and says where it comes from', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('unknown/versions', [makeRow({ name: 'a' })]),
          makeGroup('known/versions', [
            makeRow({
              name: 'pinned',
              vault: { key: 'known/versions', pinnedVersion: '3' },
            }),
            makeRow({
              name: 'stamped',
              target: { name: 'stamped', exists: true, vaultVersion: '5' },
            }),
            makeRow({ name: 'neither' }),
          ]),
        ]),
      ),
    });
    await render(api);
    const unknown = await screen.findByRole('table', {
      name: /unknown\/versions/,
    });
    expect(
      within(unknown).queryByRole('columnheader', { name: 'Version' }),
    ).not.toBeInTheDocument();
    expect(within(unknown).queryByText('unknown')).not.toBeInTheDocument();
    const known = screen.getByRole('table', { name: /\/ known\/versions$/ });
    expect(
      within(known).getByRole('columnheader', { name: /^Version$/ }),
    ).toBeInTheDocument();
    const user = userEvent.setup();
    const pinned = within(known).getByText('pinned v3');
    await user.hover(pinned);
    expect(
      await screen.findByRole('tooltip', { name: /pins this version/ }),
    ).toBeInTheDocument();
    const stamped = within(known).getByText('from the Secret').parentElement!;
    expect(stamped).toHaveTextContent(/^v5from the Secret$/);
    await user.hover(stamped);
    expect(
      await screen.findByRole('tooltip', {
        name: /Stamped on the target Secret/,
      }),
    ).toBeInTheDocument();
  });

  it("marks the rows of a cluster that could not be read with their data's age", async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse(
          [
            makeGroup('payments/db', [
              makeRow(),
              makeRow({ cluster: 'prod-us' }),
            ]),
          ],
          {
            errors: [
              {
                cluster: 'prod-us',
                errorType: 'UNREACHABLE',
                message: 'connect ECONNREFUSED',
                staleSeconds: 240,
              },
            ],
          },
        ),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table');
    const [eu, us] = mainRows(table);
    expect(us).toHaveTextContent('cluster unreachable — data 4m old');
    expect(eu).not.toHaveTextContent(/unreachable/);
  });

  it('leads a group heading with the key and the Vault server name, details in smaller text', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('payments-api/db', [makeRow()], {
            serverName: 'vault-main',
            namespace: 'team-payments',
            property: 'password',
          }),
        ]),
      ),
    });
    await render(api);
    const heading = await screen.findByRole('heading', { level: 3 });
    expect(heading).toHaveTextContent(
      /^payments-api\/db#password on vault-main$/,
    );
    expect(
      screen.getByText(
        'https://vault.example:8200 · namespace team-payments · mount secret (KV v2)',
      ),
    ).toBeInTheDocument();
  });

  it("shows the store's Vault server health next to a store that is not ready", async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse(
          [
            makeGroup(
              'payments/db',
              [
                makeRow({
                  status: 'StoreNotReady',
                  takesEffect: {
                    reason: 'waits-for-store',
                    forceSyncHelps: true,
                  },
                  store: {
                    cluster: 'prod-eu',
                    kind: 'ClusterSecretStore',
                    name: 'vault',
                    health: { ready: false, reason: 'ValidationFailed' },
                  },
                }),
                // a store whose credentials Vault rejects: a Revalidate would fail the same way
                makeRow({
                  cluster: 'prod-us',
                  status: 'StoreNotReady',
                  takesEffect: {
                    reason: 'waits-for-store',
                    forceSyncHelps: false,
                  },
                  store: {
                    cluster: 'prod-us',
                    kind: 'ClusterSecretStore',
                    name: 'vault',
                    health: { ready: false, reason: 'InvalidProviderConfig' },
                  },
                }),
              ],
              { serverName: 'vault-main' },
            ),
          ],
          {
            vaultServers: [
              {
                name: 'vault-main',
                url: 'https://vault.example:8200',
                state: 'active',
              },
            ],
            storeAdvice: [
              {
                cluster: 'prod-eu',
                kind: 'ClusterSecretStore',
                name: 'vault',
                advice: {
                  action: 'revalidate',
                  message:
                    'Vault server vault-main is healthy; ESO is in backoff and retries this store only later. Revalidate retries it now.',
                },
              },
              {
                cluster: 'prod-us',
                kind: 'ClusterSecretStore',
                name: 'vault',
                advice: {
                  action: 'fix-config',
                  message:
                    "Vault rejected the store's credentials or configuration: fix them, then Revalidate.",
                },
              },
            ],
          },
        ),
      ),
    });
    await render(api);
    const table = await screen.findByRole('table');
    const [row, noHelp] = mainRows(table);
    expect(
      within(noHelp).queryByRole('button', { name: /Revalidate/ }),
    ).not.toBeInTheDocument();
    expect(noHelp).toHaveTextContent(
      "Vault rejected the store's credentials or configuration: fix them, then Revalidate.",
    );
    expect(row).toHaveTextContent('not ready (ValidationFailed)');
    expect(
      within(row).getByText('Vault server vault-main: active'),
    ).toBeInTheDocument();
    expect(within(row).getByText('waits for its store')).toBeInTheDocument();
    // the backend's advice for this store says a Revalidate helps
    expect(
      within(row).getByText(/Revalidate retries it now\./),
    ).toBeInTheDocument();
    await userEvent
      .setup()
      .click(
        within(row).getByRole('button', { name: 'Revalidate prod-eu/vault' }),
      );
    expect(
      await screen.findByRole('dialog', { name: 'Revalidate prod-eu/vault' }),
    ).toBeInTheDocument();
    expect(api.revalidateStores).toHaveBeenCalledWith({
      dryRun: true,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'ClusterSecretStore',
          name: 'vault',
          namespace: undefined,
        },
      ],
    });
  }, 20_000);

  it('highlights the row the overview card linked to and scrolls to it once', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('k', [makeRow(), makeRow({ cluster: 'dev-eu' })]),
        ]),
      ),
    });
    await render(api, undefined, [
      '/?secret=dev-eu%2Fpayments%2Fdb-credentials',
    ]);
    const table = await screen.findByRole('table');
    const rows = mainRows(table);
    const linked = rows.find(
      r => r.dataset.row === 'dev-eu/payments/db-credentials',
    )!;
    expect(linked).toHaveAttribute('aria-current', 'true');
    expect(linked.id).toBe('secrets-row-dev-eu__payments__db-credentials');
    expect(rows.filter(r => r.getAttribute('aria-current'))).toHaveLength(1);
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(scrollIntoView.mock.contexts[0]).toBe(linked);
  });
});
