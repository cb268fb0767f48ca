import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeSummary, renderWithApis } from '../../__testUtils__';
import { RotationHistory } from './RotationHistory';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('RotationHistory', () => {
  const finished = makeSummary({
    id: 'a',
    state: 'succeeded',
    reason: 'quarterly rotation',
    createdAt: '2026-12-01T11:00:00Z',
    finishedAt: '2026-12-01T11:01:30Z',
    versionBefore: 4,
    versionAfter: 5,
  });
  const running = makeSummary({
    id: 'b',
    state: 'verifying',
    requestedBy: 'user:default/bob',
    reason: 'leaked in a log',
    createdAt: '2026-12-01T11:59:00Z',
    versionBefore: 5,
  });
  const rollback = makeSummary({
    id: 'c',
    kind: 'rollback',
    state: 'failed',
    createdAt: '2026-12-01T10:00:00Z',
    finishedAt: '2026-12-01T10:00:20Z',
    versionBefore: 3,
  });

  it('lists who, why, when, outcome, duration and versions; rollback only on finished rotations', async () => {
    const onOpen = jest.fn();
    const onRollback = jest.fn();
    await renderWithApis(
      <RotationHistory
        label="Rotations"
        items={[running, finished, rollback]}
        keyLabelOf={() => 'payments-api/db'}
        now={now}
        onOpen={onOpen}
        onRollback={onRollback}
      />,
    );
    const rows = within(screen.getByRole('table', { name: 'Rotations' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows[0]).toHaveTextContent(
      /1m ago.*payments-api\/db.*bob.*leaked in a log.*Verifying.*1m.*5 → …/,
    );
    expect(rows[1]).toHaveTextContent(
      /1h ago.*alice.*quarterly rotation.*Succeeded.*1m.*4 → 5/,
    );
    expect(rows[2]).toHaveTextContent(/Rollback: Failed.*20s/);
    const rollbacks = screen.getAllByRole('button', { name: /Roll back to/ });
    expect(rollbacks).toHaveLength(1);
    expect(
      within(rows[1]).getByRole('button', { name: 'Roll back to version 4' }),
    ).toBe(rollbacks[0]);
    await userEvent.click(rollbacks[0]);
    expect(onRollback).toHaveBeenCalledWith(finished);
    await userEvent.click(
      within(rows[0]).getByRole('button', { name: /Open the rotation/ }),
    );
    expect(onOpen).toHaveBeenCalledWith(running);
  });

  it('offers no rollback where the user may not rotate', async () => {
    await renderWithApis(
      <RotationHistory
        label="Rotations"
        items={[finished]}
        now={now}
        onOpen={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Open the rotation/ }),
    ).toHaveTextContent('Details');
  });

  it('marks versions written outside the plugin as external changes, with nothing to open or roll back', async () => {
    await renderWithApis(
      <RotationHistory
        label="Rotations"
        items={[
          {
            source: 'external',
            id: 'g1@6',
            groupId: 'g1',
            version: 6,
            createdAt: '2026-12-01T11:30:00Z',
            destroyed: false,
          },
          finished,
        ]}
        keyLabelOf={() => 'payments-api/db'}
        now={now}
        onOpen={jest.fn()}
        onRollback={jest.fn()}
      />,
    );
    const rows = within(screen.getByRole('table', { name: 'Rotations' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows[0]).toHaveTextContent(
      /30m ago.*payments-api\/db.*outside the plugin.*External change.*6/,
    );
    expect(within(rows[0]).queryAllByRole('button')).toHaveLength(0);
    // the plugin's own rotation keeps its actions
    expect(
      within(rows[1]).getByRole('button', { name: /Roll back/ }),
    ).toBeVisible();
  });

  it('keeps headers, times, durations and versions on one line, and breaks no word mid-way (1024 px)', async () => {
    await renderWithApis(
      <RotationHistory
        label="Rotations"
        items={[
          {
            source: 'external',
            id: 'g1@6',
            groupId: 'g1',
            version: 6,
            createdAt: '2026-12-01T11:30:00Z',
            destroyed: false,
          },
          finished,
        ]}
        keyLabelOf={() => 'payments-api/db'}
        now={now}
        onOpen={jest.fn()}
        onRollback={jest.fn()}
      />,
    );
    const table = screen.getByRole('table', { name: 'Rotations' });
    for (const header of within(table).getAllByRole('columnheader'))
      expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
    const [external, rotation] = within(table).getAllByRole('row').slice(1);
    const cells = within(rotation).getAllByRole('cell');
    // When, Took, Vault version
    for (const i of [0, 5, 6])
      expect(getComputedStyle(cells[i]).whiteSpace).toBe('nowrap');
    expect(
      getComputedStyle(within(external).getAllByRole('cell')[0]).whiteSpace,
    ).toBe('nowrap');
    // the theme's break-word on cells is undone by the shared table rule (jsdom's cascade
    // ignores specificity, so read the rule)
    const tableClass = Array.from(table.classList).find(c =>
      c.startsWith('SecretsTable-table'),
    );
    expect(tableClass).toBeDefined();
    const css = Array.from(document.querySelectorAll('style'))
      .map(e => e.textContent ?? '')
      .join('\n');
    expect(css).toMatch(
      new RegExp(
        `\\.${tableClass} th, \\.${tableClass} td \\{[^}]*word-break: normal`,
      ),
    );
    // wide tables scroll inside their card
    expect(table.parentElement!.className).toMatch(/SecretsTable-scroll/);
  });
});
