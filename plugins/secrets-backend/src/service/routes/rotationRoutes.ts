import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  entityRefParamsSchema,
  rollbackRequestSchema,
  rotationHistoryQuerySchema,
  rotationIdParamsSchema,
  rotationRequestSchema,
  type RotationProposal,
  type RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import type { JsonObject } from '@backstage/types';
import type express from 'express';
import { z } from 'zod/v3';
import { auditRotationRequest } from '../../rotation/auditRotationRequest';
import { RotationDeniedError } from '../../rotation/DefaultRotationService';
import type { RotationService } from '../../rotation/types';
import { parseOrThrow } from '../requestParsing';
import { methodNotAllowed } from '../unmatchedRoutes';

export interface RotationRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  rotations: RotationService;
}

/** Cancel takes nothing: `{}` or no body; a field is a mistake to say, not to ignore. */
const cancelBodySchema = z
  .object(
    {},
    {
      errorMap: (issue, ctx) => {
        if (issue.code === z.ZodIssueCode.unrecognized_keys)
          return {
            message: `unknown ${issue.keys.join(
              ', ',
            )}; allowed: none (send {} or no body)`,
          };
        if (issue.code === z.ZodIssueCode.invalid_type)
          return { message: 'must be a JSON object ({}) or no body' };
        return { message: ctx.defaultError };
      },
    },
  )
  .strict()
  .optional();

/** The rotation routes, for the router's list of what it serves. */
export const ROTATION_ROUTES = [
  'POST /rotations',
  'GET /rotations/:id',
  'POST /rotations/:id/rollback',
  'POST /rotations/:id/cancel',
  'GET /entities/:namespace/:kind/:name/rotations',
  'GET /fleet/rotations',
];

/** A denial answers the Backstage error body plus every verdict, so the UI can show them all. */
function sendDenied(
  req: express.Request,
  res: express.Response,
  error: RotationDeniedError,
) {
  res.status(403).json({
    error: { name: error.name, message: error.message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 403 },
    verdicts: error.verdicts,
  });
}

/** Audits a write (auditRotationRequest, as the MCP action does) and answers its outcome. */
async function audited(
  auditor: AuditorService,
  req: express.Request,
  res: express.Response,
  meta: { action: string; dryRun: boolean } & JsonObject,
  run: () => Promise<RotationProposal | RotationSummary>,
) {
  try {
    const result = await auditRotationRequest(
      auditor,
      { meta, request: req },
      run,
    );
    if ('verdicts' in result) res.json(result);
    else res.status(meta.action === 'cancel' ? 200 : 202).json(result);
  } catch (error) {
    if (error instanceof RotationDeniedError) {
      sendDenied(req, res, error);
      return;
    }
    throw error;
  }
}

/** Adds the rotation routes to the plugin's router (the kubernetes plugin's `routes/` split). */
export function addRotationRoutes(
  router: express.Router,
  { httpAuth, auditor, rotations }: RotationRoutesOptions,
): void {
  router
    .route('/rotations')
    .post(async (req, res) => {
      const body = parseOrThrow(rotationRequestSchema, req.body, 'body');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      await audited(
        auditor,
        req,
        res,
        {
          action: 'rotate',
          dryRun: body.dryRun,
          entityRef: body.entityRef,
          groupId: body.groupId,
        },
        () =>
          body.dryRun
            ? rotations.propose(body, { credentials })
            : rotations.start(body, { credentials }),
      );
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/rotations/:id')
    .get(async (req, res) => {
      const { id } = parseOrThrow(rotationIdParamsSchema, req.params, 'path');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await rotations.get(id, { credentials }));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/rotations/:id/rollback')
    .post(async (req, res) => {
      const { id } = parseOrThrow(rotationIdParamsSchema, req.params, 'path');
      const body = parseOrThrow(rollbackRequestSchema, req.body, 'body');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      await audited(
        auditor,
        req,
        res,
        {
          action: 'rollback',
          dryRun: body.dryRun,
          rotationId: id,
          version: body.version,
        },
        () =>
          body.dryRun
            ? rotations.proposeRollback(id, body, { credentials })
            : rotations.startRollback(id, body, { credentials }),
      );
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/rotations/:id/cancel')
    .post(async (req, res) => {
      const { id } = parseOrThrow(rotationIdParamsSchema, req.params, 'path');
      parseOrThrow(cancelBodySchema, req.body, 'body');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      await audited(
        auditor,
        req,
        res,
        { action: 'cancel', dryRun: false, rotationId: id },
        () => rotations.cancel(id, { credentials }),
      );
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/fleet/rotations')
    .get(async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await rotations.listFleet({ credentials }));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/entities/:namespace/:kind/:name/rotations')
    .get(async (req, res) => {
      const ref = parseOrThrow(entityRefParamsSchema, req.params, 'path');
      const query = parseOrThrow(
        rotationHistoryQuerySchema,
        req.query,
        'query',
      );
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await rotations.listForEntity(ref, query, { credentials }));
    })
    .all(methodNotAllowed(['GET']));
}
