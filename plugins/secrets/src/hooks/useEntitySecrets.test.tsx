import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { EntitySecretsCard } from '../components/EntitySecretsCard';
import { EntitySecretsContent } from '../components/EntitySecretsContent';
import {
  annotatedEntity,
  entityResponse,
  makeGroup,
  makeRow,
  mockSecretsApi,
  renderWithApis,
} from '../__testUtils__';

/**
 * The card and the tab each bring their own provider and share one QueryClient: the card asks
 * for the summary only (no rows travel for it), the tab for the rows, and the card shows what the
 * tab already fetched while its own answer is on its way.
 */
describe('entity secrets of the card and the tab', () => {
  const api = () =>
    mockSecretsApi({
      getEntitySecrets: jest.fn(async () =>
        entityResponse([
          makeGroup('payments-api/db', [makeRow({ status: 'Stale' })]),
        ]),
      ),
    });
  const page = (secretsApi: ReturnType<typeof api>, children: ReactElement) =>
    renderWithApis(children, { api: secretsApi, entity: annotatedEntity() });

  it('the card fetches the summary and never the rows', async () => {
    const secretsApi = api();
    await page(secretsApi, <EntitySecretsCard />);
    expect(await screen.findByText('Worst status: Stale')).toBeInTheDocument();
    expect(secretsApi.getEntitySecretsSummary).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    expect(secretsApi.getEntitySecrets).not.toHaveBeenCalled();
  });

  it('both on one page: one request each', async () => {
    const secretsApi = api();
    await page(
      secretsApi,
      <>
        <EntitySecretsCard />
        <EntitySecretsContent />
      </>,
    );
    expect(await screen.findByText('Worst status: Stale')).toBeInTheDocument();
    expect(await screen.findByText('db-credentials')).toBeInTheDocument();
    expect(secretsApi.getEntitySecrets).toHaveBeenCalledTimes(1);
    expect(secretsApi.getEntitySecretsSummary).toHaveBeenCalledTimes(1);
  });

  it("back from the tab, the card shows the tab's rows counted at once", async () => {
    const secretsApi = api();
    let answer: (value: never) => void = () => {};
    secretsApi.getEntitySecretsSummary.mockImplementation(
      () => new Promise(resolve => (answer = resolve)),
    );
    const tab = await page(secretsApi, <EntitySecretsContent />);
    expect(await screen.findByText('db-credentials')).toBeInTheDocument();
    tab.unmount();
    await page(secretsApi, <EntitySecretsCard />);
    // the summary request is still pending: what shows comes from the cached rows
    expect(screen.getByText('Worst status: Stale')).toBeInTheDocument();
    expect(secretsApi.getEntitySecretsSummary).toHaveBeenCalledTimes(1);
    answer(undefined as never);
  });
});
