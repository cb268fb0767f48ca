import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { secretsPermissions } from '@secrets-plugin/plugin-secrets-common';
import { secretsPlugin } from './plugin';

describe('secretsPlugin', () => {
  async function start(config: object = {}) {
    const { server } = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return server;
  }

  it('200 on /health without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/secrets/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('registers every secrets permission with the permission framework', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/secrets/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    const names = res.body.permissions.map((p: { name: string }) => p.name);
    expect(names.sort()).toEqual(secretsPermissions.map(p => p.name).sort());
    expect(res.body.permissions).toContainEqual(
      expect.objectContaining({
        name: 'secrets.entity.rotate',
        type: 'resource',
        resourceType: 'catalog-entity',
      }),
    );
  });

  it('fails start-up on invalid config, naming the key', async () => {
    await expect(
      start({ secrets: { clusters: [{ name: 'dev', url: 'not a url' }] } }),
    ).rejects.toThrow(/secrets\.clusters\[0\]\.url/);
  });
});
