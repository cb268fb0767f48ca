/*
 * Its own file: usePermission caches decisions per permission and resource for the whole test
 * module, so a denial cannot follow an allowance of the same permission in one file.
 */
import { screen, within } from '@testing-library/react';
import {
  clusterProgress,
  makeDetail,
  mockSecretsApi,
  renderWithApis,
  ROTATION_ID,
} from '../../__testUtils__';
import { SecretsQueryProvider } from '../SecretsQueryProvider';
import { RotateDialog, type RotateDialogMode } from './RotateDialog';

const rotation: RotateDialogMode = {
  kind: 'rotation',
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
};

describe('RotateDialog for someone who may neither rotate nor revalidate', () => {
  it('offers no rollback from a failure to someone who may not rotate the entity', async () => {
    const api = mockSecretsApi({
      getRotation: jest.fn(async () =>
        makeDetail({
          state: 'partially-failed',
          versionAfter: 5,
          finishedAt: new Date().toISOString(),
          clusters: [clusterProgress('prod-us', 'failed', { reason: 'x' })],
        }),
      ),
    });
    await renderWithApis(
      <SecretsQueryProvider>
        <RotateDialog
          keyLabel="payments-api/db"
          mode={rotation}
          rotationId={ROTATION_ID}
          onClose={jest.fn()}
        />
      </SecretsQueryProvider>,
      {
        api,
        decide: name =>
          name === 'secrets.entity.rotate' ||
          name === 'secrets.store.revalidate'
            ? 'DENY'
            : 'ALLOW',
      },
    );
    const todo = await screen.findByRole('list', { name: 'What to do' });
    expect(todo).toHaveTextContent(/roll back to version 4/);
    expect(todo).toHaveTextContent(
      'Ask the platform team (secrets.store.revalidate) on the Secrets page.',
    );
    expect(within(todo).queryByRole('button')).not.toBeInTheDocument();
  });
});
