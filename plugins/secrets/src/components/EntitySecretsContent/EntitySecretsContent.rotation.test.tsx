import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  annotatedEntity,
  clusterProgress,
  entityResponse,
  makeDetail,
  makeGroup,
  makePlan,
  makeRow,
  makeSummary,
  mockSecretsApi,
  proposalFor,
  renderWithApis,
  ROTATION_ID,
} from '../../__testUtils__';
import { EntitySecretsContent } from './EntitySecretsContent';

const group = makeGroup('g1', [makeRow()], { key: 'payments-api/db' });

function history(items = [makeSummary({ state: 'syncing' })]) {
  return jest.fn(async () => ({
    items,
    totalCount: items.length,
    offset: 0,
    limit: 100,
  }));
}

// whole user flows (typing, a debounced dry run, polled progress): more than Jest's 5 s default
// when the machine is busy, as the other page-level tests allow
jest.setTimeout(20_000);

describe('EntitySecretsContent rotation', () => {
  it('rotates a key from its group: dry run, reason, confirm, progress, result', async () => {
    let detailCalls = 0;
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => entityResponse([group])),
      proposeRotation: jest.fn(async t => proposalFor(t.reason)),
      startRotation: jest.fn(async () => makeSummary()),
      getRotation: jest.fn(async () =>
        ++detailCalls < 2
          ? makeDetail({ state: 'syncing' })
          : makeDetail({
              state: 'succeeded',
              versionAfter: 5,
              finishedAt: new Date().toISOString(),
              clusters: [
                clusterProgress('prod-eu', 'landed', { propagationSeconds: 9 }),
              ],
            }),
      ),
    });
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: annotatedEntity(),
    });
    const rotate = await screen.findByRole('button', {
      name: /^Rotate .*payments-api\/db/,
    });
    await waitFor(() => expect(rotate).toBeEnabled());
    await userEvent.click(rotate);
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText('Vault version now: 4.'),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'quarterly rotation',
    );
    const confirm = within(dialog).getByRole('button', { name: 'Rotate' });
    await waitFor(() => expect(confirm).toBeEnabled());
    await userEvent.click(confirm);
    expect(
      await within(dialog).findByText(/Vault version 5 is live/, undefined, {
        timeout: 4000,
      }),
    ).toBeInTheDocument();
    expect(api.startRotation).toHaveBeenCalledWith(
      {
        entityRef: 'component:default/payments-api',
        groupId: 'g1',
        reason: 'quarterly rotation',
      },
      expect.anything(),
    );
  });

  it('reopens a running rotation from its group and from the history, without planning another', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => entityResponse([group])),
      listRotations: history(),
      getRotation: jest.fn(async () => makeDetail({ state: 'syncing' })),
    });
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: annotatedEntity(),
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: /Rotation of .* running: open it/,
      }),
    );
    let dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByRole('table', {
        name: 'Progress per cluster',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    const entityHistory = screen.getByRole('table', {
      name: 'Rotation history of the entity',
    });
    await userEvent.click(
      within(entityHistory).getByRole('button', { name: /Open the rotation/ }),
    );
    dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByRole('table', {
        name: 'Progress per cluster',
      }),
    ).toBeInTheDocument();
    expect(api.getRotation).toHaveBeenCalledWith(ROTATION_ID);
    expect(api.proposeRotation).not.toHaveBeenCalled();
  });

  it('rolls back from a history row to the version before', async () => {
    const api = mockSecretsApi({
      getEntitySecrets: jest.fn(async () => entityResponse([group])),
      listRotations: history([
        makeSummary({
          state: 'succeeded',
          versionBefore: 4,
          versionAfter: 5,
          finishedAt: new Date().toISOString(),
        }),
      ]),
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
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: annotatedEntity(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /Rotation history of/ }),
    );
    const historyDialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(historyDialog).getByRole('button', {
        name: 'Roll back to version 4',
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: /Roll back/ });
    expect(
      await within(dialog).findByText(/Writes back the data of version 4/),
    ).toBeInTheDocument();
    expect(api.proposeRollback).toHaveBeenCalledWith({
      rotationId: ROTATION_ID,
      version: 4,
      reason: '',
    });
  });
});
