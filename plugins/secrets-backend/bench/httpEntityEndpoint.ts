/*
 * The plugin's real router (permission check, auth, express JSON serialisation) around the
 * benchmark's service, on 127.0.0.1, so the entity endpoint can be timed over HTTP as the
 * frontend sees it. Auth and permissions are Backstage's functional mocks (allow all).
 */
import { request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { AuthorizedSecretsService } from '../src/service/AuthorizedSecretsService';
import { createRouter } from '../src/service/router';
import type { SecretsService } from '../src/service/types';

/** The entity route does not audit; other routes would, so a no-op auditor is enough here. */
const noAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

export async function startEntityEndpoint(service: SecretsService) {
  const app = express();
  app.use(
    '/api/secrets',
    await createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: noAuditor,
      secrets: new AuthorizedSecretsService(
        service,
        mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      ),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    /** GET the entity's secrets; resolves with the parsed body and its size in bytes. */
    get(name: string): Promise<{ body: any; bytes: number }> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            agent,
            path: `/api/secrets/entities/default/component/${name}/secrets`,
          },
          res => {
            const chunks: Buffer[] = [];
            res.on('data', c => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode !== 200) {
                reject(
                  new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`),
                );
                return;
              }
              resolve({ body: JSON.parse(text), bytes: text.length });
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    },
    async stop() {
      agent.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
