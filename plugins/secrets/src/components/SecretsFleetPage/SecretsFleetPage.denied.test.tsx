import { screen } from '@testing-library/react';
import {
  fleetResponse,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
import { SecretsFleetPage } from './SecretsFleetPage';

// a whole page per test: more than Jest's 5 s default on a busy machine
jest.setTimeout(20_000);

// usePermission caches decisions in a module-level SWR cache, so each permission setup gets its own file.
describe('SecretsFleetPage without secrets.fleet.read', () => {
  // Issue 9 item 6: the backend filters the fleet to the entities the user may read, so the page
  // shows those (it used to refuse outright and never ask).
  it('shows the rows of the entities the user may read and says how to see the whole fleet', async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    await renderWithApis(<SecretsFleetPage />, { api, decide: () => 'DENY' });
    expect(
      await screen.findByText(
        /Showing the entities whose secrets you may read/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/secrets\.fleet\.read/)).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Failing ExternalSecrets' }),
    ).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalled();
    // and without secrets.store.revalidate no Revalidate is offered
    expect(
      screen.queryByRole('button', { name: /Revalidate/ }),
    ).not.toBeInTheDocument();
  });
});
