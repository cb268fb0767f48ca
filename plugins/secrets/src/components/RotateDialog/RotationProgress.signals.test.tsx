/*
 * Live progress through the real client and msw: with the app's signal API, each message on the
 * rotation's channel refetches it (and polling slows to a safety net); without one, it polls.
 */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import type { RotationDetail } from '@secrets-plugin/plugin-secrets-common';
import { SecretsClient } from '../../api';
import {
  clusterProgress,
  makeDetail,
  renderWithApis,
  ROTATION_ID,
} from '../../__testUtils__';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { RotateDialog } from './RotateDialog';

jest.setTimeout(20_000);

const server = setupServer();
registerMswTestHooks(server);
const baseUrl = 'http://backstage.test/api/secrets';

function serveRotation(states: RotationDetail[]) {
  const served: string[] = [];
  server.use(
    http.get(`${baseUrl}/rotations/:id`, ({ params }) => {
      const detail = states.length > 1 ? states.shift()! : states[0];
      served.push(`${params.id}:${detail.state}`);
      return HttpResponse.json(detail);
    }),
  );
  return served;
}

function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe: jest.fn((channel, onMessage) => {
      listeners.set(channel, onMessage);
      return { unsubscribe: () => listeners.delete(channel) };
    }),
  };
  const send = (channel: string, message: object) =>
    act(() => listeners.get(channel)?.(message));
  return { api, send, listeners };
}

const running = makeDetail({
  state: 'syncing',
  versionAfter: 5,
  clusters: [
    clusterProgress('prod-eu', 'syncing'),
    clusterProgress('prod-us', 'pending'),
  ],
});
const done = makeDetail({
  state: 'succeeded',
  versionAfter: 5,
  finishedAt: new Date().toISOString(),
  clusters: [
    clusterProgress('prod-eu', 'landed', { propagationSeconds: 1.2 }),
    clusterProgress('prod-us', 'landed', { propagationSeconds: 2 }),
  ],
});

function render(apis: Array<readonly [any, any]> = []) {
  const client = new SecretsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi(),
  });
  return renderWithApis(
    <SecretsQueryProvider>
      <RotateDialog
        keyLabel="payments-api/db"
        mode={{
          kind: 'rotation',
          entityRef: 'component:default/payments-api',
          groupId: 'g1',
        }}
        rotationId={ROTATION_ID}
        onClose={jest.fn()}
      />
    </SecretsQueryProvider>,
    { api: client, apis },
  );
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('RotationProgress', () => {
  it('with signals: subscribes to the rotation channel, refetches on each message, and does not poll every 1.5 s', async () => {
    const signals = fakeSignals();
    const served = serveRotation([running, done]);
    await render([[signalApiRef, signals.api]]);
    const progress = await screen.findByRole('table', {
      name: 'Progress per cluster',
    });
    expect(within(progress).getByText('Syncing')).toBeInTheDocument();
    expect(
      screen.getByText('Live: each step shows as it happens.'),
    ).toBeInTheDocument();
    expect(signals.api.subscribe).toHaveBeenCalledWith(
      `secrets-rotation:${ROTATION_ID}`,
      expect.any(Function),
    );
    // longer than the fallback poll: with signals nothing is fetched until a message comes
    await sleep(2_000);
    expect(served).toEqual([`${ROTATION_ID}:syncing`]);

    // a message for another rotation on the channel changes nothing
    await signals.send(`secrets-rotation:${ROTATION_ID}`, {
      rotationId: 'someone-else',
      state: 'succeeded',
    });
    await sleep(100);
    expect(served).toHaveLength(1);

    await signals.send(`secrets-rotation:${ROTATION_ID}`, {
      rotationId: ROTATION_ID,
      state: 'succeeded',
    });
    expect(
      await screen.findByText(
        /Rotation succeeded: Vault version 5 is live in every cluster \(2\)/,
      ),
    ).toBeInTheDocument();
    expect(served).toEqual([
      `${ROTATION_ID}:syncing`,
      `${ROTATION_ID}:succeeded`,
    ]);
  });

  it('without a signal API: polls until the rotation ends', async () => {
    const served = serveRotation([running, running, done]);
    await render();
    expect(
      await screen.findByText('Refreshing every few seconds.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Rotation succeeded: Vault version 5 is live in every cluster \(2\)/,
        undefined,
        { timeout: 6_000 },
      ),
    ).toBeInTheDocument();
    expect(served).toEqual([
      `${ROTATION_ID}:syncing`,
      `${ROTATION_ID}:syncing`,
      `${ROTATION_ID}:succeeded`,
    ]);
    // terminal: polling stops
    await sleep(2_000);
    expect(served).toHaveLength(3);
  });

  it('shows the per-cluster timeline on demand, keyboard-operable', async () => {
    serveRotation([
      makeDetail({
        ...done,
        events: [
          {
            at: new Date(Date.now() - 30_000).toISOString(),
            type: 'written',
            message: 'Vault version 5 written',
          },
        ],
      }),
    ]);
    await render();
    const toggle = await screen.findByRole('button', {
      name: 'Show the timeline',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(
      screen.getByRole('button', { name: 'Hide the timeline' }),
    ).toHaveAttribute('aria-expanded', 'true');
    const us = screen.getByRole('list', { name: 'Timeline of prod-us' });
    expect(
      within(us)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      expect.stringMatching(/^✓ Written to Vault: done at .* \(version 5\)$/),
      expect.stringMatching(/^✓ Force-synced: done at /),
      expect.stringMatching(
        /^✓ Verified \(new data in the target Secret\): done at /,
      ),
      expect.stringMatching(
        /^✓ Restarted: done.*\(StatefulSet payments\/ledger\)$/,
      ),
    ]);
    const eu = screen.getByRole('list', { name: 'Timeline of prod-eu' });
    expect(within(eu).getAllByRole('listitem')[3]).toHaveTextContent(
      '– Restarted: not needed (nothing for the rotation to restart here)',
    );
    expect(
      within(
        screen.getByRole('table', { name: 'Events of the rotation' }),
      ).getByText('Vault version 5 written'),
    ).toBeInTheDocument();
  });
});
