import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LazyTooltip } from './LazyTooltip';

describe('LazyTooltip', () => {
  it('mounts no tooltip until pointed at, and carries the title a closed MUI Tooltip gives', () => {
    render(
      <LazyTooltip title="Last synced 12:00">
        <button type="button">synced 5m ago</button>
      </LazyTooltip>,
    );
    expect(screen.getByText('synced 5m ago')).toHaveAttribute(
      'title',
      'Last synced 12:00',
    );
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('opens on hover after the enter delay and closes when the pointer leaves', async () => {
    const user = userEvent.setup();
    render(
      <LazyTooltip title="Last synced 12:00">
        <button type="button">synced 5m ago</button>
      </LazyTooltip>,
    );
    await user.hover(screen.getByText('synced 5m ago'));
    expect(
      await screen.findByRole('tooltip', { name: 'Last synced 12:00' }),
    ).toBeInTheDocument();
    await user.unhover(screen.getByText('synced 5m ago'));
    await waitFor(() =>
      expect(screen.queryByRole('tooltip')).not.toBeInTheDocument(),
    );
    // and again, now through MUI's own handlers
    await user.hover(screen.getByText('synced 5m ago'));
    expect(await screen.findByRole('tooltip')).toBeInTheDocument();
  });

  it('does not open when the pointer left before the enter delay', async () => {
    const user = userEvent.setup();
    render(
      <LazyTooltip title="Last synced 12:00">
        <span>synced 5m ago</span>
      </LazyTooltip>,
    );
    await user.hover(screen.getByText('synced 5m ago'));
    await user.unhover(screen.getByText('synced 5m ago'));
    await new Promise(r => setTimeout(r, 250));
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('opens for keyboard focus and keeps the child its own handlers', async () => {
    // jsdom matches no :focus-visible; Chromium does for keyboard focus, and MUI asks it first
    const matches = Element.prototype.matches;
    jest
      .spyOn(Element.prototype, 'matches')
      .mockImplementation(function focusVisible(this: Element, selector) {
        return selector === ':focus-visible' || matches.call(this, selector);
      });
    const user = userEvent.setup();
    const onFocus = jest.fn();
    render(
      <LazyTooltip title="Vault active">
        <button type="button" onFocus={onFocus}>
          cluster store, ready
        </button>
      </LazyTooltip>,
    );
    await user.tab();
    expect(onFocus).toHaveBeenCalled();
    expect(
      await screen.findByRole('tooltip', { name: 'Vault active' }),
    ).toBeInTheDocument();
    // the focused node is the one that was there before: focus was not lost to a re-mount
    expect(screen.getByText('cluster store, ready')).toHaveFocus();
    await user.tab();
    await waitFor(() =>
      expect(screen.queryByRole('tooltip')).not.toBeInTheDocument(),
    );
    jest.restoreAllMocks();
  });
});
