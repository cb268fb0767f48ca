/*
 * The fleet page's rotation sections through the real client and msw: canary latency per
 * cluster, rotations in flight and failed in the last day, the approver's pending list.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  FleetRotation,
  PendingApproval,
} from '@secrets-plugin/plugin-secrets-common';
import {
  clusterProgress,
  fleetResponse,
  makeDetail,
  makeSummary,
  MSW_BASE_URL,
  mswSecretsClient,
  renderWithApis,
  ROTATION_ID,
} from '../../__testUtils__';
import { SecretsFleetPage } from './SecretsFleetPage';

jest.setTimeout(20_000);

const server = setupServer();
registerMswTestHooks(server);

const now = Date.now();
const ago = (ms: number) => new Date(now - ms).toISOString();

const failed: FleetRotation = {
  ...makeSummary({
    id: ROTATION_ID,
    state: 'partially-failed',
    versionAfter: 5,
    finishedAt: ago(3_600_000),
    createdAt: ago(3_660_000),
  }),
  vault: { serverName: 'vault', mount: 'secret', path: 'payments-api/db' },
  clusters: [
    { cluster: 'prod-eu', state: 'landed' },
    {
      cluster: 'prod-us',
      state: 'timed-out',
      reason: 'store vault is not Ready',
    },
  ],
};
const running: FleetRotation = {
  ...makeSummary({
    id: 'r-running',
    entityRef: 'component:default/search-indexer',
    requestedBy: 'user:default/sam',
    state: 'syncing',
    versionAfter: 8,
    versionBefore: 7,
  }),
  vault: { mount: 'secret', path: 'search/api-key' },
  clusters: [{ cluster: 'prod-eu', state: 'verifying' }],
};
const pending: PendingApproval = {
  ...makeSummary({ id: 'r-waiting', state: 'awaiting-approval' }),
  environments: ['prod'],
  approvers: ['group:default/platform-team'],
  expiresAt: new Date(now + 2 * 3_600_000).toISOString(),
  clusters: ['prod-eu', 'prod-us'],
};

function serve() {
  const fleet = fleetResponse();
  fleet.clusters[0].canary = {
    at: ago(5 * 60_000),
    outcome: 'succeeded',
    propagationSeconds: 0.4,
  };
  fleet.clusters[1].canary = {
    at: ago(2 * 60_000),
    outcome: 'timed-out',
    reason: 'the canary ExternalSecret did not sync in 60s',
  };
  const state = { pending: [pending] };
  const decisions: unknown[] = [];
  server.use(
    http.get(`${MSW_BASE_URL}/fleet`, () => HttpResponse.json(fleet)),
    http.get(`${MSW_BASE_URL}/fleet/rotations`, () =>
      HttpResponse.json({
        inFlight: [running],
        failed: [failed],
        since: ago(86_400_000),
      }),
    ),
    http.get(`${MSW_BASE_URL}/approvals`, () =>
      HttpResponse.json({ items: state.pending }),
    ),
    http.post(
      `${MSW_BASE_URL}/rotations/:id/:decision`,
      async ({ params, request }) => {
        decisions.push({
          id: params.id,
          decision: params.decision,
          body: await request.json(),
        });
        state.pending = [];
        return HttpResponse.json({ ...pending, state: 'rejected' });
      },
    ),
    http.get(`${MSW_BASE_URL}/rotations/:id`, ({ params }) =>
      HttpResponse.json(
        makeDetail({
          id: String(params.id),
          state: 'partially-failed',
          versionAfter: 5,
          finishedAt: ago(3_600_000),
          clusters: [
            clusterProgress('prod-eu', 'landed', { propagationSeconds: 1 }),
            clusterProgress('prod-us', 'timed-out', {
              reason: 'store vault is not Ready',
            }),
          ],
        }),
      ),
    ),
  );
  return { decisions };
}

const render = () =>
  renderWithApis(<SecretsFleetPage />, { api: mswSecretsClient() });

describe('SecretsFleetPage rotations', () => {
  it('shows canary propagation per cluster: latest, when, and why it failed', async () => {
    serve();
    await render();
    const canary = await screen.findByRole('table', {
      name: 'Canary propagation per cluster',
    });
    const [, eu, us] = within(canary).getAllByRole('row');
    expect(eu).toHaveTextContent(/prod-eu\s*0\.4s\s*5m ago\s*Succeeded/);
    expect(us).toHaveTextContent(
      /prod-us\s*—\s*2m ago\s*Timed out: the canary ExternalSecret did not sync in 60s/,
    );
  });

  it("lists rotations in flight and the day's failures with their clusters, and opens one's detail", async () => {
    serve();
    await render();
    const inFlight = await screen.findByRole('table', {
      name: 'Rotations in flight',
    });
    expect(within(inFlight).getAllByRole('row')[1]).toHaveTextContent(
      /secret\/search\/api-key.*component:default\/search-indexer.*user:default\/sam.*Syncing · v7 → v8.*prod-eu: Verifying/,
    );
    const failedTable = screen.getByRole('table', {
      name: 'Rotations failed in the last day',
    });
    const row = within(failedTable).getAllByRole('row')[1];
    expect(row).toHaveTextContent(
      /vault: secret\/payments-api\/db.*Partially failed.*prod-eu: Landed.*prod-us: Timed out \(store vault is not Ready\)/,
    );
    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Details of the rotation of vault: secret/payments-api/db for component:default/payments-api',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Rotation of vault: secret/payments-api/db (component:default/payments-api)',
    });
    expect(
      await within(dialog).findByRole('list', { name: 'Timeline of prod-us' }),
    ).toHaveTextContent(/Verified \(new data in the target Secret\): failed/);
    expect(
      within(dialog).getByRole('list', { name: 'What to do' }),
    ).toHaveTextContent(/revalidate it/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("lists what waits for the approver's decision, and denies one with a reason", async () => {
    const { decisions } = serve();
    await render();
    const table = await screen.findByRole('table', {
      name: 'Rotations awaiting your approval',
    });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      /component:default\/payments-api.*user:default\/alice.*quarterly rotation.*prod: prod-eu, prod-us/,
    );
    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Deny rotation of component:default/payments-api requested by user:default/alice',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Deny the rotation',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'during the sale freeze',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Deny rotation' }),
    );
    await waitFor(() =>
      expect(decisions).toEqual([
        {
          id: 'r-waiting',
          decision: 'deny',
          body: { reason: 'during the sale freeze' },
        },
      ]),
    );
    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();
  });
});
