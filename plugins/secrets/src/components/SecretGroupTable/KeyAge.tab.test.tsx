/*
 * Key age, schedule, version drift and external changes on the entity tab, through the real
 * client and msw: what the backend answers is what the tab shows.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import type { KeyAge } from '@secrets-plugin/plugin-secrets-common';
import { SecretsClient } from '../../api';
import {
  annotatedEntity,
  entityResponse,
  makeGroup,
  makeRow,
  makeSummary,
  renderWithApis,
} from '../../__testUtils__';
import { EntitySecretsContent } from '../EntitySecretsContent';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(20_000);

const baseUrl = 'http://backstage.test/api/secrets';
const DAY = 86_400_000;
const iso = (msFromNow: number) =>
  new Date(Date.now() + msFromNow).toISOString();

function client() {
  return new SecretsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi(),
  });
}

const overdue: KeyAge = {
  currentVersion: 5,
  versionCreatedAt: iso(-40 * DAY),
  ageSeconds: 40 * 86_400,
  schedule: {
    every: '30d',
    everySeconds: 30 * 86_400,
    source: 'config',
    path: 'secret/payments-api/*',
  },
  dueAt: iso(-10 * DAY),
  overdue: true,
  checkedAt: iso(0),
};

function serve(history: unknown[] = []) {
  const db = makeGroup(
    'g-db',
    [
      makeRow({
        cluster: 'prod-eu',
        drift: { state: 'current', currentVersion: 5, basis: 'sync-time' },
      }),
      makeRow({
        cluster: 'dev-eu',
        name: 'db-credentials',
        drift: { state: 'behind', currentVersion: 5, basis: 'sync-time' },
      }),
    ],
    { key: 'payments-api/db' },
  );
  const stripe = makeGroup('g-stripe', [makeRow({ name: 'stripe' })], {
    key: 'payments-api/stripe',
  });
  const groups = [
    { ...db, age: overdue },
    {
      ...stripe,
      age: {
        currentVersion: 2,
        versionCreatedAt: iso(-2 * DAY),
        ageSeconds: 2 * 86_400,
        overdue: false,
      },
    },
  ];
  server.use(
    http.get(`${baseUrl}/entities/:ns/:kind/:name/secrets`, () =>
      HttpResponse.json(entityResponse(groups)),
    ),
    http.get(`${baseUrl}/entities/:ns/:kind/:name/rotations`, () =>
      HttpResponse.json({
        items: history,
        totalCount: history.length,
        offset: 0,
        limit: 100,
      }),
    ),
  );
}

describe('key age and drift on the Secrets tab', () => {
  it('shows each key’s version age and schedule; an overdue key stands out', async () => {
    serve();
    await renderWithApis(<EntitySecretsContent />, {
      api: client(),
      entity: annotatedEntity(),
    });
    const ages = await screen.findAllByLabelText('Age of the key');
    expect(ages[0]).toHaveTextContent(
      /Overdue: older than 30d.*Vault version 5.*40d old.*rotate every 30d \(from secrets\.rotation\.schedules \(secret\/payments-api\/\*\)\).*due 10d ago/,
    );
    expect(ages[1]).toHaveTextContent(
      /Vault version 2.*2d old.*no rotation schedule/,
    );
    expect(within(ages[1]).queryByText(/Overdue/)).not.toBeInTheDocument();
  });

  it('marks the cluster still on an older version, with when it will pick the current one up', async () => {
    serve();
    await renderWithApis(<EntitySecretsContent />, {
      api: client(),
      entity: annotatedEntity(),
    });
    const table = await screen.findByRole('table', {
      name: /ExternalSecrets reading .*payments-api\/db/,
    });
    const behind = within(table).getByLabelText(
      'behind v5, picks it up: refresh in 55m',
    );
    expect(behind.closest('tr')).toHaveTextContent('dev-eu');
    expect(within(table).getAllByLabelText(/^behind v5/)).toHaveLength(1);
  });

  it('the key’s history marks the version written outside the plugin', async () => {
    serve([
      {
        source: 'external',
        id: 'g-db@5',
        groupId: 'g-db',
        version: 5,
        createdAt: iso(-40 * DAY + 60_000),
        destroyed: false,
      },
      makeSummary({
        groupId: 'g-db',
        state: 'succeeded',
        createdAt: iso(-41 * DAY),
        finishedAt: iso(-41 * DAY + 60_000),
        versionBefore: 3,
        versionAfter: 4,
      }),
    ]);
    await renderWithApis(<EntitySecretsContent />, {
      api: client(),
      entity: annotatedEntity(),
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: /Rotation history of .*payments-api\/db/,
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const rows = within(dialog).getAllByRole('row').slice(1);
    await waitFor(() => expect(rows).toHaveLength(2));
    expect(rows[0]).toHaveTextContent(/outside the plugin.*External change.*5/);
    expect(rows[1]).toHaveTextContent(/alice.*Succeeded.*3 → 4/);
  });
});
