import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import { secretsApiRef } from '../../api';
import { fleetResponse, mockSecretsApi, permissionApi } from '../../testUtils';
import { SecretsFleetPage } from './SecretsFleetPage';

function render(
  api = mockSecretsApi(),
  decide = (_: string) => 'ALLOW' as 'ALLOW' | 'DENY',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [secretsApiRef, api],
        [permissionApiRef, permissionApi(decide)],
      ]}
    >
      <SecretsFleetPage />
    </TestApiProvider>,
  );
}

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
    expect(
      within(storeRows[1]).getByText('Not ready (InvalidProviderConfig)'),
    ).toBeInTheDocument();
    expect(within(storeRows[1]).getByText('1h ago')).toBeInTheDocument();
    expect(
      within(storeRows[1]).getByText(/role payments not found/),
    ).toBeInTheDocument();
    const failing = screen.getByRole('table', {
      name: 'Failing ExternalSecrets',
    });
    expect(within(failing).getByText('cause 2')).toBeInTheDocument();
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
    }).parentElement!;
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
