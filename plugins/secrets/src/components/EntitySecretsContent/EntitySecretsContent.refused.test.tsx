import { screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { SecretsClient } from '../../api';
import {
  makeEntity,
  mockSecretsApi,
  renderWithApis,
} from '../../__testUtils__';
import { EntitySecretsContent } from './EntitySecretsContent';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/secrets';

function realClient() {
  return new SecretsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi(),
  });
}

/** Answers the entity route with `status` and counts how often it was asked. */
function refuseWith(status: 403 | 404) {
  const seen = { count: 0 };
  server.use(
    http.get(`${baseUrl}/entities/:ns/:kind/:name/secrets`, () => {
      seen.count += 1;
      return HttpResponse.json(
        {
          error:
            status === 403
              ? { name: 'NotAllowedError', message: 'Missing permission' }
              : {
                  name: 'NotFoundError',
                  message:
                    'No entity component:default/x, or you may not read its secrets',
                },
          request: {
            method: 'GET',
            url: '/entities/default/component/x/secrets',
          },
          response: { statusCode: status },
        },
        { status },
      );
    }),
  );
  return seen;
}

function entity(name: string) {
  return makeEntity({ 'backstage.io/kubernetes-id': name }, name);
}

// One entity per test: usePermission caches decisions per permission and resource.
describe('EntitySecretsContent refusals', () => {
  it('explains a denied secrets.entity.read (owner, permission, whom to ask) without fetching', async () => {
    const api = mockSecretsApi();
    await renderWithApis(<EntitySecretsContent />, {
      api,
      entity: entity('denied-by-policy'),
      decide: name => (name === 'secrets.entity.read' ? 'DENY' : 'ALLOW'),
    });
    expect(
      await screen.findByText(
        'You may not read the secrets of component:default/denied-by-policy',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText('secrets.entity.read').length).toBeGreaterThan(
      0,
    );
    const owner = screen.getByRole('link', { name: /team-payments/ });
    expect(owner).toHaveAttribute(
      'href',
      '/catalog/default/group/team-payments',
    );
    expect(screen.getByText(/Ask a member of that team/)).toBeInTheDocument();
    expect(api.getEntitySecrets).not.toHaveBeenCalled();
  });

  it.each([403, 404] as const)(
    'explains a %s from the backend in plain words and asks only once',
    async status => {
      const seen = refuseWith(status);
      await renderWithApis(<EntitySecretsContent />, {
        api: realClient(),
        entity: entity(`refused-${status}`),
      });
      expect(
        await screen.findByText(
          `You may not read the secrets of component:default/refused-${status}`,
          {},
          { timeout: 4000 },
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/Stack Trace/i)).not.toBeInTheDocument();
      expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
      // TanStack Query would retry after 1 s: wait past it, then count.
      await new Promise(resolve => setTimeout(resolve, 1500));
      await waitFor(() => expect(seen.count).toBe(1));
    },
  );
});
