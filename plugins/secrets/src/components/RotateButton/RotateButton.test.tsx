import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeSummary, renderWithApis } from '../../__testUtils__';
import { RotateButton } from './RotateButton';

// Its own file: usePermission caches decisions per module, so allowed and denied cannot share one.
describe('RotateButton', () => {
  it('is disabled with the reason when secrets.entity.rotate is denied on the entity', async () => {
    const decide = jest.fn((name: string) =>
      name === 'secrets.entity.rotate' ? ('DENY' as const) : ('ALLOW' as const),
    );
    const onRotate = jest.fn();
    await renderWithApis(
      <RotateButton
        entityRef="component:default/payments-api"
        keyLabel="payments-api/db"
        onRotate={onRotate}
        onOpen={jest.fn()}
      />,
      { decide },
    );
    const button = await screen.findByRole('button', {
      name: 'Rotate payments-api/db',
      description: /may not rotate this entity's secrets/,
    });
    expect(button).toBeDisabled();
    expect(decide).toHaveBeenCalledWith('secrets.entity.rotate');
    expect(onRotate).not.toHaveBeenCalled();
  });

  it('says a rotation of the key is running and opens it instead of planning another', async () => {
    const onOpen = jest.fn();
    const onRotate = jest.fn();
    await renderWithApis(
      <RotateButton
        entityRef="component:default/payments-api"
        keyLabel="payments-api/db"
        running={makeSummary({ state: 'syncing' })}
        onRotate={onRotate}
        onOpen={onOpen}
      />,
    );
    expect(
      screen.getByText('Syncing, by user:default/alice'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Rotation of payments-api/db running: open it',
      }),
    );
    expect(onOpen).toHaveBeenCalledWith(makeSummary().id);
    expect(onRotate).not.toHaveBeenCalled();
  });
});
