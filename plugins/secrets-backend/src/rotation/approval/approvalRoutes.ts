import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  approvalDecisionSchema,
  rotationIdParamsSchema,
} from '@secrets-plugin/plugin-secrets-common';
import type express from 'express';
import Router from 'express-promise-router';
import {
  parseOrThrow,
  pathDecodeErrors,
  requireJsonWrites,
} from '../../service/requestParsing';
import { methodNotAllowed } from '../../service/unmatchedRoutes';
import type { ApprovalApi } from './AuthorizedApprovalService';

/**
 * Its own router, mounted before the plugin's (whose last handler answers unknown paths), with the
 * same JSON-only writes. `GET /approvals` lists what the caller may approve; `GET
 * /rotations/:id/approval` says whom one rotation waits for and whether the caller may decide; approve and deny take `{ reason }` and are
 * audited (ids, who and the outcome; the reason stays in the rotation's own record).
 */
export function createApprovalRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  approvals: ApprovalApi;
}): express.Router {
  const { httpAuth, auditor, approvals } = options;
  const router = Router();
  // per route: a router-wide body reader would also consume the plugin router's request bodies
  const jsonOnly = requireJsonWrites();

  router
    .route('/approvals')
    .get(async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await approvals.listPending({ credentials }));
    })
    .all(methodNotAllowed(['GET']));

  router
    .route('/rotations/:id/approval')
    .get(async (req, res) => {
      const { id } = parseOrThrow(rotationIdParamsSchema, req.params, 'path');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await approvals.approvalOf(id, { credentials }));
    })
    .all(methodNotAllowed(['GET']));

  for (const action of ['approve', 'deny'] as const) {
    router
      .route(`/rotations/:id/${action}`)
      .post(...jsonOnly, async (req, res) => {
        const { id } = parseOrThrow(rotationIdParamsSchema, req.params, 'path');
        const { reason } = parseOrThrow(
          approvalDecisionSchema,
          req.body,
          'body',
        );
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const event = await auditor.createEvent({
          eventId: 'secret-rotation-approval',
          severityLevel: 'high',
          request: req,
          meta: { action, rotationId: id },
        });
        try {
          const summary = await approvals[action](id, reason, { credentials });
          await event.success({
            meta: { rotationId: summary.id, state: summary.state },
          });
          res.json(summary);
        } catch (error) {
          await event.fail({ error: error as Error });
          throw error;
        }
      })
      .all(methodNotAllowed(['POST']));
  }
  router.use(pathDecodeErrors());
  return router;
}
