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
describe('SecretsFleetPage for someone who is not an approver', () => {
  it('lists no approvals, and asks for none, without secrets.rotation.approve', async () => {
    const api = mockSecretsApi({
      getFleet: jest.fn(async () => fleetResponse()),
    });
    await renderWithApis(<SecretsFleetPage />, {
      api,
      decide: name => (name === 'secrets.rotation.approve' ? 'DENY' : 'ALLOW'),
    });
    await screen.findByRole('table', { name: 'Secret stores' });
    await screen.findByText('No rotation is running.');
    expect(
      screen.queryByText('Rotations awaiting your approval'),
    ).not.toBeInTheDocument();
    expect(api.listPendingApprovals).not.toHaveBeenCalled();
  });
});
