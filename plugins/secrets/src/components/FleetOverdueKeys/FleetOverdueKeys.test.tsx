import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import type { ScheduledKey } from '@secrets-plugin/plugin-secrets-common';
import { SecretsClient } from '../../api';
import { fleetResponse, renderWithApis } from '../../__testUtils__';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { FleetOverdueKeys } from './FleetOverdueKeys';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(20_000);

const baseUrl = 'http://backstage.test/api/secrets';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

const key = (id: string, overdue: boolean, ageDays: number): ScheduledKey => ({
  id,
  vault: {
    server: 'https://vault.example:8200',
    namespace: 'team-payments',
    mount: 'secret',
    kvVersion: 'v2',
    key: `checkout-web/${id}`,
  },
  age: {
    currentVersion: 3,
    versionCreatedAt: iso(-ageDays * DAY),
    ageSeconds: ageDays * 86_400,
    schedule: {
      every: '30d',
      everySeconds: 30 * 86_400,
      source: 'annotation',
    },
    dueAt: iso((30 - ageDays) * DAY),
    overdue,
  },
  readers: [
    { cluster: 'prod-eu', namespace: 'payments', name: `checkout-web-${id}` },
    { cluster: 'dev-eu', namespace: 'payments', name: `checkout-web-${id}` },
  ],
});

function serveFleet(scheduledKeys?: ScheduledKey[]) {
  let calls = 0;
  server.use(
    http.get(`${baseUrl}/fleet`, () => {
      calls += 1;
      return HttpResponse.json({ ...fleetResponse(), scheduledKeys });
    }),
  );
  return () => calls;
}

function render() {
  return renderWithApis(
    <SecretsQueryProvider>
      <FleetOverdueKeys />
    </SecretsQueryProvider>,
    {
      api: new SecretsClient({
        discoveryApi: { getBaseUrl: async () => baseUrl },
        fetchApi: new MockFetchApi(),
      }),
    },
  );
}

describe('FleetOverdueKeys', () => {
  it('lists the keys older than their schedule: key, version, age, schedule, since when, who reads it', async () => {
    serveFleet([key('oauth', true, 45), key('session', false, 3)]);
    await render();
    const table = await screen.findByRole('table', { name: 'Overdue keys' });
    expect(screen.getByText(/1 of 2 scheduled keys older/)).toBeVisible();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent(
      /checkout-web\/oauth.*namespace team-payments.*3.*45d.*every 30d.*rotate-every annotation.*15d ago.*payments\/checkout-web-oauth in dev-eu, prod-eu/,
    );
  });

  it('says so when no scheduled key is overdue, and shows nothing without schedules', async () => {
    serveFleet([key('session', false, 3)]);
    const { unmount } = await render();
    expect(
      await screen.findByText(
        'No key is older than its schedule (1 scheduled).',
      ),
    ).toBeVisible();
    unmount();
    const calls = serveFleet(undefined);
    await render();
    await new Promise(r => setTimeout(r, 300));
    expect(calls()).toBeGreaterThan(0);
    expect(screen.queryByText('Overdue keys')).not.toBeInTheDocument();
  });
});
