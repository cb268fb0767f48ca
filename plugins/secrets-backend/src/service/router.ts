import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  compactEntitySecrets,
  entityRefParamsSchema,
  entitySecretsQuerySchema,
  fleetQuerySchema,
  revalidateRequestSchema,
  type HealthResponse,
} from '@secrets-plugin/plugin-secrets-common';
import type express from 'express';
import Router from 'express-promise-router';
import {
  parseOrThrow,
  pathDecodeErrors,
  requireJsonWrites,
} from './requestParsing';
import type { RotationService } from '../rotation/types';
import { addRotationRoutes, ROTATION_ROUTES } from './routes/rotationRoutes';
import type { SecretsService } from './types';
import { methodNotAllowed, unknownRoute } from './unmatchedRoutes';

/** Everything the router needs, already built. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  secrets: SecretsService;
  /** The rotation API; absent, its routes are not served. */
  rotations?: RotationService;
}

const ROUTES = [
  'GET /health',
  'GET /entities/:namespace/:kind/:name/secrets',
  'GET /entities/:namespace/:kind/:name/secrets/summary',
  'GET /fleet',
  'POST /stores/revalidate',
];

/** The plugin's HTTP surface. Handlers stay thin: parse, credentials, one service call, respond. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, secrets, rotations } = options;
  const router = Router();
  router.use(requireJsonWrites());

  router
    .route('/health')
    .get((_req, res) => {
      const body: HealthResponse = { status: 'ok' };
      res.json(body);
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/entities/:namespace/:kind/:name/secrets')
    .get(async (req, res) => {
      const ref = parseOrThrow(entityRefParamsSchema, req.params, 'path');
      const { format } = parseOrThrow(
        entitySecretsQuerySchema,
        req.query,
        'query',
      );
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const answer = await secrets.getEntitySecrets(ref, { credentials });
      res.json(format === 'compact' ? compactEntitySecrets(answer) : answer);
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/entities/:namespace/:kind/:name/secrets/summary')
    .get(async (req, res) => {
      const ref = parseOrThrow(entityRefParamsSchema, req.params, 'path');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await secrets.getEntitySecretsSummary(ref, { credentials }));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/fleet')
    .get(async (req, res) => {
      const query = parseOrThrow(fleetQuerySchema, req.query, 'query');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await secrets.getFleet(query, { credentials }));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/stores/revalidate')
    .post(async (req, res) => {
      const body = parseOrThrow(revalidateRequestSchema, req.body, 'body');
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
    })
    .all(methodNotAllowed(['POST']));

  if (rotations) addRotationRoutes(router, { httpAuth, auditor, rotations });

  router.use(
    unknownRoute(rotations ? [...ROUTES, ...ROTATION_ROUTES] : ROUTES),
  );
  router.use(pathDecodeErrors());
  return router;
}
