import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { secretsApiRef } from '../../api';
import { fleetResponse, mockSecretsApi, permissionApi } from '../../testUtils';
import { SecretsFleetPage } from './SecretsFleetPage';

function render(
  api = mockSecretsApi(),
  decide = (_: string) => 'ALLOW' as 'ALLOW' | 'DENY',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [secretsApiRef, api],
        [permissionApiRef, permissionApi(decide)],
      ]}
    >
      <SecretsFleetPage />
    </TestApiProvider>,
  );
}

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
