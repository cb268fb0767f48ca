import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { SecretsClient } from './SecretsClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/secrets';
const client = new SecretsClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: new MockFetchApi(),
});

describe('SecretsClient', () => {
  it('encodes the entity ref into the path', async () => {
    let seen = '';
    server.use(
      http.get(`${baseUrl}/entities/:ns/:kind/:name/secrets`, ({ request }) => {
        seen = new URL(request.url).pathname;
        return HttpResponse.json({
          entityRef: 'x',
          groups: [],
          clusters: [],
          errors: [],
        });
      }),
    );
    await client.getEntitySecrets('component:my-ns/a b');
    expect(seen).toBe('/api/secrets/entities/my-ns/component/a%20b/secrets');
  });

  it('sends fleet filters as query parameters', async () => {
    let query = '';
    server.use(
      http.get(`${baseUrl}/fleet`, ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json({ clusters: [] });
      }),
    );
    await client.getFleet({ cluster: 'prod-eu', status: 'Error', offset: 50 });
    expect(query).toBe('?cluster=prod-eu&status=Error&offset=50');
  });

  it('posts revalidation requests as JSON', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/stores/revalidate`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ dryRun: true, results: [] });
      }),
    );
    await client.revalidateStores({ dryRun: true });
    expect(body).toEqual({ dryRun: true });
  });

  it('throws ResponseError with the server error', async () => {
    server.use(
      http.get(`${baseUrl}/fleet`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            request: { method: 'GET', url: '/fleet' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.getFleet().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.name).toBe('NotAllowedError');
  });
});
