import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  entityRefParamsSchema,
  fleetQuerySchema,
  revalidateRequestSchema,
  type HealthResponse,
} from '@internal/plugin-secrets-common';
import express from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod/v3';
import type { SecretsService } from './types';

/** Everything the router needs, already built. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  secrets: SecretsService;
}

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'input'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/** The plugin's HTTP surface. Handlers stay thin: parse, credentials, one service call, respond. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, secrets } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/entities/:namespace/:kind/:name/secrets', async (req, res) => {
    const ref = parse(entityRefParamsSchema, req.params);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await secrets.getEntitySecrets(ref, { credentials }));
  });

  router.get('/fleet', async (req, res) => {
    const query = parse(fleetQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await secrets.getFleet(query, { credentials }));
  });

  router.post('/stores/revalidate', async (req, res) => {
    const body = parse(revalidateRequestSchema, req.body ?? {});
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'store-revalidate',
      severityLevel: body.dryRun ? 'low' : 'medium',
      request: req,
      meta: { dryRun: body.dryRun, stores: body.stores ?? 'all-not-ready' },
    });
    try {
      const result = await secrets.revalidateStores(body, { credentials });
      await event.success({
        meta: {
          outcomes: result.results.map(
            r =>
              `${r.cluster}/${r.kind}/${r.namespace ?? ''}/${r.name}=${
                r.outcome
              }`,
          ),
        },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
