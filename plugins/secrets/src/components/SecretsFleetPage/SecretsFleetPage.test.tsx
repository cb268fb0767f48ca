import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  fleetResponse,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
import { SecretsFleetPage } from './SecretsFleetPage';

function render(
  api = mockSecretsApi(),
  decide = (_: string) => 'ALLOW' as 'ALLOW' | 'DENY',
) {
  return renderWithApis(<SecretsFleetPage />, { api, decide });
}

// a whole page per test: more than Jest's 5 s default on a busy machine
jest.setTimeout(20_000);

// usePermission caches decisions in a module-level SWR cache, so each permission setup gets its own file.
describe('SecretsFleetPage', () => {
  it('lists clusters, stores (failing first) and failing ExternalSecrets', async () => {
    await render(
      mockSecretsApi({ getFleet: jest.fn(async () => fleetResponse()) }),
    );
    const clusters = await screen.findByRole('table', { name: 'Clusters' });
    expect(within(clusters).getByText('v1beta1')).toBeInTheDocument();
    expect(
      within(clusters).getByText(/degraded \(data 2m old\)/),
    ).toBeInTheDocument();
    const stores = screen.getByRole('table', { name: 'Secret stores' });
    const storeRows = within(stores).getAllByRole('row');
    expect(storeRows[1]).toHaveTextContent(
      /vault-paymentsSecretStore in prod-eu\/paymentsNot readyInvalidProviderConfig/,
    );
    expect(within(storeRows[1]).getByText('1h ago')).toBeInTheDocument();
    // the cause goes into the full-width line under its store
    expect(storeRows[2]).toHaveTextContent(/role payments not found/);
    const failing = screen.getByRole('table', {
      name: 'Failing ExternalSecrets',
    });
    expect(within(failing).getByText('cause 2')).toBeInTheDocument();
    expect(
      within(failing).getAllByText('refresh in 55m').length,
    ).toBeGreaterThan(0);
  });

  it("shows each store's advice and Vault server health, and offers Revalidate only where it helps", async () => {
    await render(
      mockSecretsApi({ getFleet: jest.fn(async () => fleetResponse()) }),
    );
    const vault = await screen.findByRole('table', { name: 'Vault servers' });
    const [, main, dr] = within(vault).getAllByRole('row');
    expect(main).toHaveTextContent(/vault-main\s*active\s*10m ago/);
    expect(dr).toHaveTextContent(/vault-dr\s*sealed\s*20m ago/);

    const stores = screen.getByRole('table', { name: 'Secret stores' });
    expect(stores).toHaveTextContent(
      /Vault vault-main is healthy again; ESO is in backoff and has not retried this store\. Revalidate fixes it now\. ESO retries on its own in 1[12]m\./,
    );
    expect(stores).toHaveTextContent(
      /Vault vault-dr is sealed: the store recovers once it is unsealed\. No Revalidate: it would fail while Vault is unhealthy\./,
    );
    expect(
      within(stores).getAllByRole('button', { name: /^Revalidate/ }),
    ).toHaveLength(1);
    expect(
      within(stores).getByRole('button', {
        name: 'Revalidate prod-eu/payments/vault-payments',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Revalidate 1 store Vault can serve again',
      }),
    ).toBeInTheDocument();
  });

  it('marks failing rows of a cluster that could not be read with the age of their data', async () => {
    const response = fleetResponse(1);
    response.failing.items = [
      makeRow({ cluster: 'prod-us', name: 'us-row', status: 'Error' }),
    ];
    response.errors = [
      {
        cluster: 'prod-us',
        errorType: 'UNREACHABLE',
        message: 'connect ECONNREFUSED',
        staleSeconds: 240,
      },
    ];
    await render(mockSecretsApi({ getFleet: jest.fn(async () => response) }));
    const failing = await screen.findByRole('table', {
      name: 'Failing ExternalSecrets',
    });
    const [, row] = within(failing).getAllByRole('row');
    expect(row).toHaveTextContent('cluster unreachable — data 4m old');
  });

  it('pages and filters on the server', async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    await render(api);
    await screen.findByRole('table', { name: 'Failing ExternalSecrets' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({ offset: 50, limit: 50 }),
    );
    const failingCard = screen.getByRole('table', {
      name: 'Failing ExternalSecrets',
    }).parentElement!.parentElement!;
    await user.selectOptions(
      within(failingCard).getByRole('combobox', { name: 'Status' }),
      'StoreNotReady',
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        offset: 0,
        limit: 50,
        status: 'StoreNotReady',
      }),
    );
    await user.selectOptions(
      within(failingCard).getByRole('combobox', { name: 'Cluster' }),
      'prod-us',
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        offset: 0,
        limit: 50,
        status: 'StoreNotReady',
        cluster: 'prod-us',
      }),
    );
  });

  it('asks the backend once per pause when filtering by namespace', async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    await render(api);
    await screen.findByRole('table', { name: 'Failing ExternalSecrets' });
    const callsBefore = api.getFleet.mock.calls.length;
    await userEvent
      .setup()
      .type(screen.getByRole('textbox', { name: 'Namespace' }), 'payments');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        offset: 0,
        limit: 50,
        namespace: 'payments',
      }),
    );
    expect(api.getFleet.mock.calls.length - callsBefore).toBeLessThan(3);
  });

  it('previews the revalidation as a dry run, runs it and shows each outcome', async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
      revalidateStores: jest.fn(async req => ({
        dryRun: req.dryRun,
        results: [
          {
            cluster: 'prod-eu',
            kind: 'SecretStore' as const,
            namespace: 'payments',
            name: 'vault-payments',
            outcome: req.dryRun ? ('planned' as const) : ('validated' as const),
          },
          {
            cluster: 'prod-eu',
            kind: 'ExternalSecret' as const,
            namespace: 'payments',
            name: 'db',
            outcome: req.dryRun ? ('planned' as const) : ('failed' as const),
            message: req.dryRun ? undefined : 'conflict',
          },
          ...(req.dryRun
            ? []
            : [
                {
                  cluster: 'prod-eu',
                  kind: 'SecretStore' as const,
                  namespace: 'payments',
                  name: 'vault-other',
                  outcome: 'still-not-ready' as const,
                  cause: 'permission denied: role other not found',
                },
                {
                  cluster: 'prod-eu',
                  kind: 'ExternalSecret' as const,
                  namespace: 'payments',
                  name: 'api',
                  outcome: 'bumped' as const,
                  after: {
                    status: 'Synced' as const,
                    synced: true,
                    waitedMs: 3_000,
                  },
                },
                {
                  cluster: 'prod-eu',
                  kind: 'ExternalSecret' as const,
                  namespace: 'payments',
                  name: 'flags',
                  outcome: 'bumped' as const,
                  after: {
                    status: 'Error' as const,
                    synced: false,
                    cause: 'key not found',
                    waitedMs: 10_000,
                  },
                },
              ]),
        ],
      })),
    });
    await render(api);
    const user = userEvent.setup();
    const button = await screen.findByRole('button', {
      name: 'Revalidate prod-eu/payments/vault-payments',
    });
    button.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: /Revalidate prod-eu\/payments\/vault-payments/,
    });
    const planned = await within(dialog).findByRole('list', {
      name: 'Planned changes',
    });
    expect(
      within(planned).getByText('ExternalSecret prod-eu/payments/db: planned'),
    ).toBeInTheDocument();
    expect(api.revalidateStores).toHaveBeenCalledWith({
      dryRun: true,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'SecretStore',
          namespace: 'payments',
          name: 'vault-payments',
        },
      ],
    });
    await user.click(
      within(dialog).getByRole('button', { name: 'Run revalidation' }),
    );
    const outcome = await within(dialog).findByRole('list', {
      name: 'Outcome',
    });
    expect(
      within(outcome).getByText(
        'SecretStore prod-eu/payments/vault-payments: validated',
      ),
    ).toBeInTheDocument();
    expect(within(outcome).getByText('conflict')).toBeInTheDocument();
    expect(
      within(outcome).getByText(
        'Vault: permission denied: role other not found',
      ),
    ).toBeInTheDocument();
    expect(
      within(outcome).getByText('synced again (watched 3s)'),
    ).toBeInTheDocument();
    expect(
      within(outcome).getByText('still Error after waiting 10s: key not found'),
    ).toBeInTheDocument();
    expect(api.revalidateStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ dryRun: false }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('treats a 403 from the backend as no access, not as a stack trace', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Unauthorized' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await render(
      mockSecretsApi({ getFleet: jest.fn(() => Promise.reject(error)) }),
    );
    expect(
      await screen.findByText(/You don't have access/, {}, { timeout: 4000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Stack Trace')).not.toBeInTheDocument();
  });
});
