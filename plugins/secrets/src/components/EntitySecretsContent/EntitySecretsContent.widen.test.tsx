import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

const rows = Array.from({ length: 12 }, (_, i) =>
  makeRow({
    cluster: i % 3 === 0 ? 'prod-eu' : 'dev-eu',
    name: `secret-${String(i).padStart(2, '0')}`,
    cause: i % 4 === 0 ? `trouble ${i}` : undefined,
    status: i % 4 === 0 ? 'Error' : 'Synced',
  }),
);
const other = [makeRow({ cluster: 'dev-eu', name: 'stripe' })];

async function renderTab() {
  const response = entityResponse([
    makeGroup('app/db', rows),
    makeGroup('app/stripe', other),
  ]);
  await renderWithApis(<EntitySecretsContent />, {
    api: mockSecretsApi({ getEntitySecrets: jest.fn(async () => response) }),
    entity: makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' }),
  });
  await screen.findAllByRole('table');
}

const dbTable = () => screen.getByRole('table', { name: /app\/db/ });
/** Rows as the user and the benchmark see them: shown, named by `data-row`. */
const shownRows = (table: HTMLElement) =>
  Array.from(table.querySelectorAll<HTMLElement>('tr[data-row]'));
const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => r.textContent);

describe('EntitySecretsContent, filter widened again', () => {
  it('shows the hidden rows again in order and striped, without mounting them', async () => {
    await renderTab();
    const all = shownRows(dbTable()).map(r => r.dataset.row);
    const nodes = new Map(
      shownRows(dbTable()).map(r => [r.dataset.row, r] as const),
    );
    const namesBefore = names(dbTable());
    const user = userEvent.setup();
    const search = screen.getByRole('searchbox', { name: 'Search' });

    await user.type(search, 'prod-');
    await waitFor(() => expect(shownRows(dbTable())).toHaveLength(4));
    // the others are out of the accessibility tree and the row count, not gone
    expect(
      within(dbTable()).queryByRole('row', { name: /secret-01/ }),
    ).not.toBeInTheDocument();
    const hiddenRow = dbTable().querySelector('tr[hidden]')!;
    expect(hiddenRow).toHaveStyle({ display: 'none' });
    expect(hiddenRow).not.toHaveAttribute('id');
    expect(
      screen.queryByRole('table', { name: /app\/stripe/ }),
    ).not.toBeInTheDocument();
    // stripes alternate over the rows shown
    const shades = shownRows(dbTable()).map(r => r.className);
    expect(shades[0]).not.toBe(shades[1]);
    expect(shades[0]).toBe(shades[2]);

    const renders = jest.mocked(ConsumersCell).mock.calls.length;
    await user.clear(search);
    await waitFor(() => expect(shownRows(dbTable())).toHaveLength(12));
    expect(shownRows(dbTable()).map(r => r.dataset.row)).toEqual(all);
    expect(names(dbTable())).toEqual(namesBefore);
    // the same elements, and not one cell rendered again
    for (const r of shownRows(dbTable()))
      expect(r).toBe(nodes.get(r.dataset.row));
    expect(jest.mocked(ConsumersCell).mock.calls.length).toBe(renders);
    const after = shownRows(dbTable()).map(r => r.className);
    after.forEach((shade, i) => expect(shade).toBe(after[i % 2]));
    expect(after[0]).not.toBe(after[1]);
    expect(dbTable().querySelector('[hidden]')).toBeNull();
    expect(
      screen.getByRole('table', { name: /app\/stripe/ }),
    ).toBeInTheDocument();
  });

  it('hides a group none of whose rows match and says nothing matches only when none does', async () => {
    await renderTab();
    const user = userEvent.setup();
    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.type(search, 'stripe');
    await waitFor(() =>
      expect(
        screen.queryByRole('table', { name: /app\/db/ }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getAllByRole('table')).toHaveLength(1);
    expect(
      screen.queryByText('No ExternalSecret matches these filters.'),
    ).not.toBeInTheDocument();
    await user.type(search, 'x');
    expect(
      await screen.findByText('No ExternalSecret matches these filters.'),
    ).toBeInTheDocument();
    expect(screen.queryAllByRole('table')).toHaveLength(0);
    expect(document.querySelectorAll('tr[data-row]')).toHaveLength(0);
    await user.clear(search);
    await waitFor(() => expect(screen.getAllByRole('table')).toHaveLength(2));
    expect(
      screen.queryByText('No ExternalSecret matches these filters.'),
    ).not.toBeInTheDocument();
    expect(document.querySelectorAll('tr[data-row]')).toHaveLength(13);
  });
});
