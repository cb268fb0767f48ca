import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  RotationApproval,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import {
  makeGroup,
  makeSummary,
  MSW_BASE_URL,
  mswSecretsClient,
  renderWithApis,
  ROTATION_ID,
} from '../../__testUtils__';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { ApprovalBanner } from './ApprovalBanner';

jest.setTimeout(20_000);

const server = setupServer();
registerMswTestHooks(server);

const ENTITY = 'component:default/payments-api';
const approval = (over: Partial<RotationApproval>): RotationApproval => ({
  rotationId: ROTATION_ID,
  state: 'awaiting-approval',
  requestedBy: 'user:default/alice',
  environments: ['prod'],
  approvers: ['group:default/platform-team'],
  expiresAt: new Date(Date.now() + 5 * 3_600_000).toISOString(),
  canDecide: false,
  ...over,
});

function serve(state: { item: RotationSummary; approval: RotationApproval }) {
  const decisions: Array<{ path: string; body: unknown }> = [];
  const served = { history: 0 };
  server.use(
    http.get(
      `${MSW_BASE_URL}/entities/default/component/payments-api/rotations`,
      () => {
        served.history++;
        return HttpResponse.json({
          items: [
            state.item,
            makeSummary({ id: 'old', state: 'succeeded', groupId: 'g1' }),
          ],
          totalCount: 2,
          offset: 0,
          limit: 100,
        });
      },
    ),
    http.get(`${MSW_BASE_URL}/rotations/:id/approval`, () =>
      HttpResponse.json(state.approval),
    ),
    http.post(
      `${MSW_BASE_URL}/rotations/:id/:decision`,
      async ({ request, params }) => {
        decisions.push({
          path: `${params.id}/${params.decision}`,
          body: await request.json(),
        });
        state.item = {
          ...state.item,
          state: params.decision === 'approve' ? 'planned' : 'rejected',
        };
        return HttpResponse.json(state.item);
      },
    ),
  );
  return { decisions, served };
}

const render = () =>
  renderWithApis(
    <SecretsQueryProvider>
      <ApprovalBanner
        entityRef={ENTITY}
        groups={[makeGroup('g1', [], { key: 'payments-api/db' })]}
      />
    </SecretsQueryProvider>,
    { api: mswSecretsClient() },
  );

describe('ApprovalBanner', () => {
  it('shows the requester whom the rotation waits for, and no Approve for their own request', async () => {
    serve({
      item: makeSummary({ state: 'awaiting-approval' }),
      approval: approval({
        canDecide: false,
        cannotDecideReason: `You requested rotation ${ROTATION_ID}; four-eyes approval needs another approver`,
      }),
    });
    await render();
    const banner = await screen.findByRole('region', {
      name: 'Rotations awaiting approval',
    });
    expect(
      await within(banner).findByText(
        /Requested by user:default\/alice; waits for approval by group:default\/platform-team \(prod\) until/,
      ),
    ).toBeInTheDocument();
    expect(within(banner).getByText(/payments-api\/db/)).toBeInTheDocument();
    expect(
      within(banner).getByText(/four-eyes approval needs another approver/),
    ).toBeInTheDocument();
    expect(within(banner).queryByRole('button')).not.toBeInTheDocument();
  });

  it('lets an approver approve with a reason, keyboard only; the banner goes once it is planned', async () => {
    const { decisions } = serve({
      item: makeSummary({ state: 'awaiting-approval' }),
      approval: approval({ canDecide: true }),
    });
    await render();
    const approve = await screen.findByRole('button', {
      name: 'Approve rotation of payments-api/db',
    });
    approve.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve the rotation',
    });
    const confirm = within(dialog).getByRole('button', {
      name: 'Approve rotation',
    });
    expect(confirm).toBeDisabled();
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    reason.focus();
    await userEvent.keyboard('checked with alice');
    expect(confirm).toBeEnabled();
    confirm.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(decisions).toEqual([
        {
          path: `${ROTATION_ID}/approve`,
          body: { reason: 'checked with alice' },
        },
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Rotations awaiting approval' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('denies with a reason', async () => {
    const { decisions } = serve({
      item: makeSummary({ state: 'awaiting-approval' }),
      approval: approval({ canDecide: true }),
    });
    await render();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Deny rotation of payments-api/db',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Deny the rotation',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'not during the sale',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Deny rotation' }),
    );
    await waitFor(() =>
      expect(decisions).toEqual([
        {
          path: `${ROTATION_ID}/deny`,
          body: { reason: 'not during the sale' },
        },
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Deny the rotation' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('renders nothing when no rotation waits', async () => {
    const { served } = serve({
      item: makeSummary({ state: 'succeeded' }),
      approval: approval({}),
    });
    const { container } = await render();
    await waitFor(() => expect(served.history).toBe(1));
    await new Promise(r => setTimeout(r, 50));
    expect(container).toBeEmptyDOMElement();
    expect(
      screen.queryByRole('region', { name: 'Rotations awaiting approval' }),
    ).not.toBeInTheDocument();
  });
});
