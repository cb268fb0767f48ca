import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { secretsQueryKeys } from '../../lib/queryKeys';
import userEvent from '@testing-library/user-event';
import { RotationDeniedError } from '../../api';
import {
  clusterProgress,
  makeDetail,
  makePlan,
  makeSummary,
  mockSecretsApi,
  proposalFor,
  renderWithApis,
  ROTATION_ID,
  verdict,
} from '../../__testUtils__';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { RotateDialog, type RotateDialogMode } from './RotateDialog';

const rotation: RotateDialogMode = {
  kind: 'rotation',
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
};

function render(
  api: ReturnType<typeof mockSecretsApi>,
  props: {
    mode?: RotateDialogMode;
    rotationId?: string;
    client?: QueryClient;
  } = {},
) {
  const onClose = jest.fn();
  return renderWithApis(
    <SecretsQueryProvider client={props.client}>
      <RotateDialog
        keyLabel="payments-api/db"
        mode={props.mode ?? rotation}
        rotationId={props.rotationId}
        onClose={onClose}
      />
    </SecretsQueryProvider>,
    { api },
  ).then(r => ({ ...r, onClose }));
}

const confirm = () => screen.getByRole('button', { name: 'Rotate' });
const verdictItem = (name: RegExp) =>
  within(screen.getByRole('list', { name: 'Policy verdicts' })).getByRole(
    'listitem',
    { name },
  );

// whole user flows (typing, a debounced dry run, polled progress): more than Jest's 5 s default
// when the machine is busy, as the other page-level tests allow
jest.setTimeout(20_000);

describe('RotateDialog', () => {
  it('opens on the dry run: version, keys, blast radius with who restarts, and every verdict', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(t.reason, [
          verdict('tenant', 'allow', 'inside team-payments'),
          verdict('store-health', 'warn', 'prod-us store was not ready 5m ago'),
          verdict('freeze', 'deny', 'weekend freeze until Monday 08:00'),
        ]),
      ),
    });
    await render(api);
    expect(
      await screen.findByText('Vault version now: 4.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Regenerated: password \(random\) · Carried over: username/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/2 clusters, 2 ExternalSecrets, 2 workloads/),
    ).toBeInTheDocument();
    const radius = screen.getByRole('table', { name: 'Blast radius' });
    expect(
      within(radius).getByText(
        'Deployment payments/payments-api: Reloader restarts it',
      ),
    ).toBeInTheDocument();
    expect(
      within(radius).getByText(
        'StatefulSet payments/ledger: the rotation restarts it',
      ),
    ).toBeInTheDocument();
    expect(
      verdictItem(/Rule tenant: allowed\. inside team-payments/),
    ).toHaveTextContent('✓');
    expect(verdictItem(/Rule store-health: warning/)).toHaveTextContent('⚠');
    expect(
      verdictItem(/Rule freeze: denied\. weekend freeze/),
    ).toHaveTextContent('✗');
    expect(verdictItem(/Rule reason: denied/)).toHaveTextContent(
      'at least 10 are required',
    );
    expect(api.proposeRotation).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      groupId: 'g1',
      reason: '',
    });
  });

  it('says which objects a GitOps tool manages and what it does with the annotations', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(t.reason, undefined, {
          ...makePlan(),
          gitops: [
            {
              cluster: 'prod-eu',
              kind: 'ExternalSecret',
              namespace: 'payments',
              name: 'db-creds',
              tool: 'argocd',
              annotation: 'force-sync',
              effect: 'Argo CD does not compare fields Git does not set.',
            },
          ],
        }),
      ),
    });
    await render(api);
    const region = await screen.findByRole('region', {
      name: 'Managed by GitOps',
    });
    expect(region).toHaveTextContent(
      'prod-eu: ExternalSecret payments/db-creds gets force-sync. Argo CD does not compare fields Git does not set.',
    );
  });

  it('enables confirm only once a long enough reason is typed, and never while a rule denies', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t => proposalFor(t.reason)),
    });
    await render(api);
    await screen.findByText('Vault version now: 4.');
    expect(confirm()).toBeDisabled();
    const reason = screen.getByRole('textbox', { name: /Reason/ });
    await userEvent.type(reason, 'short');
    await waitFor(() =>
      expect(verdictItem(/Rule reason/)).toHaveTextContent('has 5 characters'),
    );
    expect(confirm()).toBeDisabled();
    await userEvent.type(reason, ' but now long');
    await waitFor(() =>
      expect(verdictItem(/Rule reason: allowed/)).toBeInTheDocument(),
    );
    await waitFor(() => expect(confirm()).toBeEnabled());
  });

  it('keeps confirm disabled when another rule denies, whatever the reason', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(t.reason, [
          verdict('tenant', 'deny', 'secret/search/ is outside team-payments'),
        ]),
      ),
    });
    await render(api);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation of the password',
    );
    await waitFor(() =>
      expect(verdictItem(/Rule reason: allowed/)).toBeInTheDocument(),
    );
    expect(confirm()).toBeDisabled();
    expect(api.startRotation).not.toHaveBeenCalled();
  });

  it('says when the key has no rotatable declaration, and cannot be confirmed', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(
          t.reason,
          [
            verdict('tenant', 'allow', 'ok'),
            verdict(
              'rotator',
              'deny',
              'no key is declared rotatable (secrets.backstage.io/rotate)',
            ),
          ],
          makePlan({
            keys: [
              { name: 'password', action: 'carry-over' },
              {
                name: 'pin',
                action: 'regenerate',
                rotator: 'nope',
                problem: 'unknown rotator nope',
              },
            ],
          }),
        ),
      ),
    });
    await render(api);
    expect(
      await screen.findByText('pin: unknown rotator nope'),
    ).toBeInTheDocument();
    expect(
      verdictItem(/Rule rotator: denied\. no key is declared rotatable/),
    ).toHaveTextContent('✗');
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation',
    );
    await waitFor(() =>
      expect(verdictItem(/Rule reason: allowed/)).toBeInTheDocument(),
    );
    expect(confirm()).toBeDisabled();
  });

  it('needs an explicit acknowledgement of warnings, and sends it', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(t.reason, [
          verdict('tenant', 'allow', 'ok'),
          verdict('blast-radius', 'warn', '12 workloads restart'),
        ]),
      ),
      startRotation: jest.fn(async () => makeSummary()),
      getRotation: jest.fn(async () => makeDetail()),
    });
    await render(api);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation',
    );
    await waitFor(() =>
      expect(verdictItem(/Rule reason: allowed/)).toBeInTheDocument(),
    );
    expect(confirm()).toBeDisabled();
    await userEvent.click(
      screen.getByRole('checkbox', { name: /read the warnings/ }),
    );
    await waitFor(() => expect(confirm()).toBeEnabled());
    await userEvent.click(confirm());
    await waitFor(() => expect(api.startRotation).toHaveBeenCalledTimes(1));
    const [target, options] = api.startRotation.mock.calls[0];
    expect(target).toEqual({
      entityRef: 'component:default/payments-api',
      groupId: 'g1',
      reason: 'quarterly rotation',
    });
    expect(options.acknowledgeWarnings).toBe(true);
    expect(options.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('starts one rotation on a double click', async () => {
    let release: () => void = () => {};
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t => proposalFor(t.reason)),
      startRotation: jest.fn(
        () =>
          new Promise(resolve => {
            release = () => resolve(makeSummary());
          }),
      ),
      getRotation: jest.fn(async () => makeDetail()),
    });
    await render(api);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation',
    );
    await waitFor(() => expect(confirm()).toBeEnabled());
    await userEvent.dblClick(confirm());
    fireEvent.click(confirm());
    release();
    expect(
      await screen.findByRole('table', { name: 'Progress per cluster' }),
    ).toBeInTheDocument();
    expect(api.startRotation).toHaveBeenCalledTimes(1);
  });

  it('shows live progress per cluster until success with the new Vault version, then refreshes the entity', async () => {
    const states = [
      makeDetail({ state: 'syncing' }),
      makeDetail({
        state: 'succeeded',
        versionAfter: 5,
        finishedAt: new Date().toISOString(),
        clusters: [
          clusterProgress('prod-eu', 'landed', { propagationSeconds: 12 }),
          clusterProgress('prod-us', 'landed', { propagationSeconds: 20 }),
        ],
      }),
    ];
    const api = mockSecretsApi({
      getRotation: jest.fn(
        async () =>
          states.shift() ?? makeDetail({ state: 'succeeded', versionAfter: 5 }),
      ),
    });
    const client = new QueryClient();
    const entityKey = secretsQueryKeys.entity('component:default/payments-api');
    const historyKey = secretsQueryKeys.rotationHistory(
      'component:default/payments-api',
    );
    client.setQueryData(entityKey, {});
    client.setQueryData(historyKey, {});
    await render(api, { rotationId: ROTATION_ID, client });
    expect(client.getQueryState(entityKey)?.isInvalidated).toBe(false);
    const progress = await screen.findByRole('table', {
      name: 'Progress per cluster',
    });
    expect(within(progress).getByText('Syncing')).toBeInTheDocument();
    expect(within(progress).getByText('Pending')).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Rotation succeeded: Vault version 5 is live in every cluster \(2\)/,
        undefined,
        { timeout: 4000 },
      ),
    ).toBeInTheDocument();
    expect(within(progress).getAllByText('Landed')).toHaveLength(2);
    expect(within(progress).getByText('12s')).toBeInTheDocument();
    expect(api.getRotation).toHaveBeenCalledWith(ROTATION_ID);
    expect(api.proposeRotation).not.toHaveBeenCalled();
    // The terminal state refreshes the tab: its secrets and the history.
    await waitFor(() =>
      expect(client.getQueryState(entityKey)?.isInvalidated).toBe(true),
    );
    expect(client.getQueryState(historyKey)?.isInvalidated).toBe(true);
  });

  it('names the failed clusters, the reason and what to do on a partial failure', async () => {
    const api = mockSecretsApi({
      getRotation: jest.fn(async () =>
        makeDetail({
          state: 'partially-failed',
          versionAfter: 5,
          finishedAt: new Date().toISOString(),
          clusters: [
            clusterProgress('prod-eu', 'landed', { propagationSeconds: 12 }),
            clusterProgress('prod-us', 'timed-out', {
              reason: 'store vault is not Ready: permission denied',
            }),
          ],
        }),
      ),
    });
    await render(api, { rotationId: ROTATION_ID });
    const alert = await screen.findByText(/Rotation partially failed/);
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(box).toHaveTextContent('but prod-us did not get it');
    expect(box).toHaveTextContent(
      'prod-us: store vault is not Ready: permission denied',
    );
    const todo = within(box).getByRole('list', { name: 'What to do' });
    // no per-cluster retry exists, and none is needed once Vault has the version
    expect(todo).toHaveTextContent(
      'There is no retry of single clusters, and none is needed: Vault already has version 5, so prod-us fetch it',
    );
    expect(todo).toHaveTextContent(
      'If a store is not ready (prod-us/vault), revalidate it',
    );
    expect(todo).toHaveTextContent(/roll back to version 4/);
    expect(
      within(todo).getByRole('button', { name: 'Revalidate the store' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Timed out')).toBeInTheDocument();
  });

  it('rolls back from a partial failure in the same dialog: its own dry run, defaulting to the version before', async () => {
    const api = mockSecretsApi({
      getRotation: jest.fn(async () =>
        makeDetail({
          state: 'partially-failed',
          versionAfter: 5,
          finishedAt: new Date().toISOString(),
          clusters: [
            clusterProgress('prod-eu', 'landed', { propagationSeconds: 1 }),
            clusterProgress('prod-us', 'failed', { reason: 'rollout failed' }),
          ],
        }),
      ),
      proposeRollback: jest.fn(async t =>
        proposalFor(
          t.reason,
          undefined,
          makePlan({
            kind: 'rollback',
            currentVersion: 5,
            rollbackTo: { version: t.version, state: 'available' },
          }),
        ),
      ),
    });
    await render(api, { rotationId: ROTATION_ID });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to version 4' }),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Roll back payments-api/db' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('spinbutton', { name: /Vault version to restore/ }),
    ).toHaveValue(4);
    await waitFor(() =>
      expect(api.proposeRollback).toHaveBeenCalledWith({
        rotationId: ROTATION_ID,
        version: 4,
        reason: '',
      }),
    );
  });

  it('works from the keyboard alone: reason, acknowledgement, confirm; Escape closes', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t =>
        proposalFor(t.reason, [
          verdict('tenant', 'allow', 'inside team-payments'),
          verdict('store-health', 'warn', 'prod-us store was not ready 5m ago'),
        ]),
      ),
      startRotation: jest.fn(async () => makeSummary({ state: 'syncing' })),
      getRotation: jest.fn(async () => makeDetail({ state: 'syncing' })),
    });
    const { onClose } = await render(api);
    const dialog = await screen.findByRole('dialog', {
      name: 'Rotate payments-api/db',
    });
    await screen.findByText('Vault version now: 4.');
    await userEvent.tab();
    expect(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
    ).toHaveFocus();
    await userEvent.keyboard('quarterly rotation');
    await userEvent.tab();
    const ack = within(dialog).getByRole('checkbox', {
      name: 'I have read the warnings and want to go ahead',
    });
    expect(ack).toHaveFocus();
    await userEvent.keyboard(' ');
    expect(ack).toBeChecked();
    // the dry run of the typed reason comes back; a disabled button takes no focus
    await waitFor(() => expect(confirm()).toBeEnabled());
    await userEvent.tab();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toHaveFocus();
    await userEvent.tab();
    expect(confirm()).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(api.startRotation).toHaveBeenCalledWith(
        expect.objectContaining({ reason: 'quarterly rotation' }),
        expect.objectContaining({ acknowledgeWarnings: true }),
      ),
    );
    expect(
      await screen.findByRole('table', { name: 'Progress per cluster' }),
    ).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });

  it('shows whom a started rotation waits for, and no Approve to its requester', async () => {
    const api = mockSecretsApi({
      getRotation: jest.fn(async () =>
        makeDetail({ state: 'awaiting-approval', clusters: [] }),
      ),
      getRotationApproval: jest.fn(async () => ({
        rotationId: ROTATION_ID,
        state: 'awaiting-approval' as const,
        requestedBy: 'user:default/alice',
        environments: ['prod'],
        approvers: ['group:default/platform-team'],
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        canDecide: false,
        cannotDecideReason: `You requested rotation ${ROTATION_ID}; four-eyes approval needs another approver`,
      })),
    });
    await render(api, { rotationId: ROTATION_ID });
    expect(
      await screen.findByText(
        /waits for approval by group:default\/platform-team \(prod\) until/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/four-eyes approval needs another approver/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Approve/ }),
    ).not.toBeInTheDocument();
    // still cancellable by its requester: nothing is written before approval
    expect(
      screen.getByRole('button', { name: 'Cancel rotation' }),
    ).toBeInTheDocument();
    expect(api.getRotationApproval).toHaveBeenCalledWith(ROTATION_ID);
  });

  it('cancels a rotation that has not written to Vault yet', async () => {
    let state: 'planned' | 'cancelled' = 'planned';
    const api = mockSecretsApi({
      getRotation: jest.fn(async () =>
        makeDetail({
          state,
          finishedAt:
            state === 'cancelled' ? new Date().toISOString() : undefined,
        }),
      ),
      cancelRotation: jest.fn(async () => {
        state = 'cancelled';
        return makeSummary({ state });
      }),
    });
    await render(api, { rotationId: ROTATION_ID });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel rotation' }),
    );
    expect(await screen.findByText('Rotation cancelled.')).toBeInTheDocument();
    expect(api.cancelRotation).toHaveBeenCalledWith(ROTATION_ID);
    expect(
      screen.queryByRole('button', { name: 'Cancel rotation' }),
    ).not.toBeInTheDocument();
  });

  it('shows every verdict of a refusal at start (403)', async () => {
    const api = mockSecretsApi({
      proposeRotation: jest.fn(async t => proposalFor(t.reason)),
      startRotation: jest.fn(async () => {
        throw new RotationDeniedError(
          'denied by policy: cooldown',
          [
            verdict('tenant', 'allow', 'ok'),
            verdict('cooldown', 'deny', 'rotated 3 minutes ago'),
          ],
          {},
        );
      }),
    });
    await render(api);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation',
    );
    await waitFor(() => expect(confirm()).toBeEnabled());
    await userEvent.click(confirm());
    expect(
      await screen.findByText(
        /Refused when starting: denied by policy: cooldown/,
      ),
    ).toBeInTheDocument();
    expect(
      verdictItem(/Rule cooldown: denied\. rotated 3 minutes ago/),
    ).toBeInTheDocument();
    expect(confirm()).toBeDisabled();
  });

  it('rolls back to the version before by default, with its own dry run', async () => {
    const api = mockSecretsApi({
      proposeRollback: jest.fn(async t =>
        proposalFor(
          t.reason,
          undefined,
          makePlan({
            kind: 'rollback',
            currentVersion: 5,
            rollbackTo: { version: t.version, state: 'available' },
          }),
        ),
      ),
      startRollback: jest.fn(async () => makeSummary({ kind: 'rollback' })),
      getRotation: jest.fn(async () => makeDetail({ kind: 'rollback' })),
    });
    await render(api, {
      mode: { kind: 'rollback', rotationId: ROTATION_ID, defaultVersion: 4 },
    });
    expect(
      await screen.findByText(
        /Writes back the data of version 4 \(available\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('spinbutton', { name: /Vault version to restore/ }),
    ).toHaveValue(4);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'the new password broke the ledger',
    );
    const roll = () => screen.getByRole('button', { name: 'Roll back' });
    await waitFor(() => expect(roll()).toBeEnabled());
    await userEvent.click(roll());
    await waitFor(() =>
      expect(api.startRollback).toHaveBeenCalledWith(
        {
          rotationId: ROTATION_ID,
          version: 4,
          reason: 'the new password broke the ledger',
        },
        expect.objectContaining({ acknowledgeWarnings: false }),
      ),
    );
    expect(
      await screen.findByRole('table', { name: 'Progress per cluster' }),
    ).toBeInTheDocument();
  });
});
