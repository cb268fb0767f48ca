import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import demoGuestProvider from '.';
import { DEMO_USER_COOKIE } from './demoUser';

const catalogFile = path.resolve(__dirname, '../../../../../catalog/all.yaml');

/** The demo's sign-in for real: the auth backend, this provider and the catalog with catalog/. */
async function startDemoAuth() {
  const { server } = await startTestBackend({
    features: [
      import('@backstage/plugin-auth-backend'),
      import('@backstage/plugin-catalog-backend'),
      demoGuestProvider,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:7007' },
          auth: {
            environment: 'development',
            providers: { guest: { userEntityRef: 'user:default/alice' } },
          },
          catalog: {
            rules: [
              { allow: ['Component', 'System', 'User', 'Group', 'Location'] },
            ],
            locations: [{ type: 'file', target: catalogFile }],
          },
        },
      }),
    ],
  });
  return server;
}

async function refresh(server: { port(): number }, cookie?: string) {
  const res = await fetch(
    `http://localhost:${server.port()}/api/auth/guest/refresh`,
    {
      headers: {
        'x-requested-with': 'XMLHttpRequest',
        ...(cookie ? { cookie } : {}),
      },
    },
  );
  return { status: res.status, body: await res.json() };
}

describe('the demo guest provider', () => {
  const previousEnv = process.env.NODE_ENV;
  beforeAll(() => {
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = previousEnv;
  });

  it('signs in as the user the cookie names, else as the configured guest user', async () => {
    const server = await startDemoAuth();
    // the catalog ingests catalog/ in the background
    let pat = await refresh(server, `${DEMO_USER_COOKIE}=pat`);
    for (let i = 0; i < 60 && pat.status !== 200; i++) {
      await new Promise(r => setTimeout(r, 500));
      pat = await refresh(server, `${DEMO_USER_COOKIE}=pat`);
    }
    expect(pat.status).toBe(200);
    expect(pat.body.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/pat',
      ownershipEntityRefs: expect.arrayContaining([
        'group:default/platform-team',
      ]),
    });

    const guest = await refresh(server);
    expect(guest.status).toBe(200);
    expect(guest.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/alice',
    );

    const stranger = await refresh(server, `${DEMO_USER_COOKIE}=mallory`);
    expect(stranger.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(stranger.body)).not.toContain('"token"');

    const crafted = await refresh(
      server,
      `${DEMO_USER_COOKIE}=${encodeURIComponent('user:default/pat')}`,
    );
    expect(crafted.status).toBe(400);
  }, 60_000);
});
