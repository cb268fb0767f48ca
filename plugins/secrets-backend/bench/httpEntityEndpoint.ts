/*
 * The plugin's real router (permission check, auth, express JSON serialisation) around the
 * benchmark's service, behind the compression middleware of Backstage's root HTTP router (what a
 * browser gets in production: br or gzip, by its Accept-Encoding), on 127.0.0.1. Auth and
 * permissions are Backstage's functional mocks (allow all).
 */
import type { AddressInfo } from 'node:net';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { AuthorizedSecretsService } from '../src/service/AuthorizedSecretsService';
import { createRouter } from '../src/service/router';
import type { SecretsService } from '../src/service/types';
import { quietLogger } from './quietLogger';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** The entity route does not audit; other routes would, so a no-op auditor is enough here. */
const noAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

export async function startEntityEndpoint(service: SecretsService) {
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: quietLogger,
  });
  const app = express();
  app.use(middleware.compression());
  app.use(
    '/api/secrets',
    await createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: noAuditor,
      secrets: new AuthorizedSecretsService(
        service,
        mockServices.permissions({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock(),
      ),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
