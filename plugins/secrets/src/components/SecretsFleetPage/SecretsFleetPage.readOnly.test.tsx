import { screen } from '@testing-library/react';
import {
  fleetResponse,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
import { SecretsFleetPage } from './SecretsFleetPage';

function render(
  api = mockSecretsApi(),
  decide = (_: string) => 'ALLOW' as 'ALLOW' | 'DENY',
) {
  return renderWithApis(<SecretsFleetPage />, { api, decide });
}

// a whole page per test: more than Jest's 5 s default on a busy machine
jest.setTimeout(20_000);

// usePermission caches decisions in a module-level SWR cache, so each permission setup gets its own file.
describe('SecretsFleetPage', () => {
  it('hides Revalidate without secrets.store.revalidate', async () => {
    await render(
      mockSecretsApi({ getFleet: jest.fn(async () => fleetResponse()) }),
      name => (name === 'secrets.store.revalidate' ? 'DENY' : 'ALLOW'),
    );
    await screen.findByRole('table', { name: 'Secret stores' });
    expect(
      screen.queryByRole('button', { name: /Revalidate/ }),
    ).not.toBeInTheDocument();
  });
});
