import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '../../__testUtils__';
import { RotateButton } from './RotateButton';

describe('RotateButton (allowed)', () => {
  it('is enabled and plans a rotation when secrets.entity.rotate is allowed', async () => {
    const onRotate = jest.fn();
    await renderWithApis(
      <RotateButton
        entityRef="component:default/payments-api"
        keyLabel="payments-api/db"
        onRotate={onRotate}
        onOpen={jest.fn()}
      />,
    );
    const button = screen.getByRole('button', {
      name: 'Rotate payments-api/db',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(onRotate).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/may not rotate/)).not.toBeInTheDocument();
  });
});
