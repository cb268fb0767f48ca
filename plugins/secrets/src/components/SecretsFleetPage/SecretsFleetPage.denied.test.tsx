import { screen } from '@testing-library/react';
import { mockSecretsApi, renderWithApis } from '../../__testUtils__';
import { SecretsFleetPage } from './SecretsFleetPage';

function render(
  api = mockSecretsApi(),
  decide = (_: string) => 'ALLOW' as 'ALLOW' | 'DENY',
) {
  return renderWithApis(<SecretsFleetPage />, { api, decide });
}

// usePermission caches decisions in a module-level SWR cache, so each permission setup gets its own file.
describe('SecretsFleetPage', () => {
  it('says "no access" and never calls the backend without secrets.fleet.read', async () => {
    const api = mockSecretsApi();
    await render(api, () => 'DENY');
    expect(
      await screen.findByText(/You don't have access/),
    ).toBeInTheDocument();
    expect(screen.getByText(/secrets\.fleet\.read/)).toBeInTheDocument();
    expect(api.getFleet).not.toHaveBeenCalled();
  });
});
