/*
 * The rotation routes alone, with a mocked service: status codes, full error bodies, and that
 * nothing starts unless the body is JSON and says `"dryRun": false`.
 */
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { rotationPlan } from '../../__testUtils__/rotationFixtures';
import { RotationDeniedError } from '../../rotation/DefaultRotationService';
import type { RotationService } from '../../rotation/types';
import { requireJsonWrites } from '../requestParsing';
import { addRotationRoutes } from './rotationRoutes';

const user = mockCredentials.user.header('user:default/alice');
const ID = '0b9f4c1e-2f51-4d63-9a7e-6f1e1f2d3c4b';
const summary = {
  id: ID,
  kind: 'rotation' as const,
  state: 'planned' as const,
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  requestedBy: 'user:default/alice',
  reason: 'quarterly rotation',
  createdAt: '2026-12-01T10:00:00.000Z',
};
const body = {
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  reason: 'quarterly rotation',
};

describe('rotation routes', () => {
  const rotations: jest.Mocked<RotationService> = {
    propose: jest.fn(),
    start: jest.fn(),
    proposeRollback: jest.fn(),
    startRollback: jest.fn(),
    cancel: jest.fn(),
    get: jest.fn(),
    listForEntity: jest.fn(),
    listFleet: jest.fn(),
  };
  const auditor = mockServices.auditor.mock();
  let app: express.Express;

  beforeEach(() => {
    jest.resetAllMocks();
    rotations.propose.mockResolvedValue({
      plan: rotationPlan(),
      verdicts: [],
      allowed: true,
      requiresApproval: false,
    });
    rotations.start.mockResolvedValue(summary);
    auditor.createEvent.mockResolvedValue({
      success: jest.fn(),
      fail: jest.fn(),
    });
    const router = Router();
    router.use(requireJsonWrites());
    addRotationRoutes(router, {
      httpAuth: mockServices.httpAuth(),
      auditor,
      rotations,
    });
    app = express().use(router).use(mockErrorHandler());
  });

  const post = (path: string, payload: unknown) =>
    request(app)
      .post(path)
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(payload));

  it('200 with the plan and verdicts for a request without dryRun: a dry run, nothing starts', async () => {
    const res = await post('/rotations', body);
    expect(res.body).toMatchObject({ allowed: true });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(rotations.propose).toHaveBeenCalledWith(
      { ...body, dryRun: true, acknowledgeWarnings: false },
      expect.anything(),
    );
    expect(rotations.start).not.toHaveBeenCalled();
  });

  it('202 with the rotation for dryRun false, audited as a high-severity event', async () => {
    const res = await post('/rotations', { ...body, dryRun: false });
    expect(res.status).toBe(202);
    expect(res.body).toEqual(summary);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'secret-rotation',
        severityLevel: 'high',
        meta: {
          action: 'rotate',
          dryRun: false,
          entityRef: body.entityRef,
          groupId: 'g1',
        },
      }),
    );
  });

  it('403 with every verdict when the policy denies', async () => {
    const verdicts = [
      {
        ruleId: 'tenant-boundary',
        title: "The key lies inside the owner's Vault namespace and paths",
        outcome: 'deny' as const,
        message:
          'secret/search/es is outside the Vault locations of group:default/team-payments',
      },
    ];
    rotations.start.mockRejectedValue(new RotationDeniedError(verdicts));
    const res = await post('/rotations', { ...body, dryRun: false });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        name: 'NotAllowedError',
        message:
          'The rotation policy denies this rotation: tenant-boundary: secret/search/es is outside the Vault locations of group:default/team-payments',
      },
      request: { method: 'POST', url: '/rotations' },
      response: { statusCode: 403 },
      verdicts,
    });
  });

  it('409 while a rotation of the key is active', async () => {
    rotations.start.mockRejectedValue(
      new ConflictError(`Rotation ${ID} of this key is still syncing`),
    );
    const res = await post('/rotations', { ...body, dryRun: false });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      name: 'ConflictError',
      message: `Rotation ${ID} of this key is still syncing`,
    });
  });

  it.each([
    [
      { ...body, entityRef: 'payments-api' },
      'entityRef: must be a full entity ref: kind:namespace/name, e.g. component:default/payments-api',
    ],
    [
      { ...body, groupId: '../x' },
      "groupId: must be a group id from the entity's secrets response",
    ],
    [{ ...body, dryRun: 'no' }, 'dryRun: must be true or false'],
    [
      { ...body, values: { password: 'x' } },
      'body: unknown values; allowed: entityRef, groupId, reason, dryRun, idempotencyKey, acknowledgeWarnings',
    ],
    [
      null,
      'body: must be a JSON object with entityRef, groupId, reason, dryRun, idempotencyKey, acknowledgeWarnings',
    ],
  ])('400 for %j', async (payload, message) => {
    const res = await post('/rotations', payload);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ name: 'InputError', message });
    expect(rotations.start).not.toHaveBeenCalled();
    expect(rotations.propose).not.toHaveBeenCalled();
  });

  it('415 for a body that is not JSON, and nothing runs', async () => {
    const res = await request(app)
      .post('/rotations')
      .set('Authorization', user)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ ...body, dryRun: false }));
    expect(res.status).toBe(415);
    expect(rotations.start).not.toHaveBeenCalled();
  });

  it('GET /rotations/:id: 400 for a malformed id, 404 from the service as an error body', async () => {
    const bad = await request(app)
      .get('/rotations/abc')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('id: must be a rotation id (a UUID)');
    rotations.get.mockRejectedValue(new NotFoundError(`No rotation ${ID}`));
    const missing = await request(app)
      .get(`/rotations/${ID}`)
      .set('Authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: `No rotation ${ID}`,
    });
  });

  it('rollback: a dry run by default; 400 without a version', async () => {
    rotations.proposeRollback.mockResolvedValue({
      plan: rotationPlan({ kind: 'rollback' }),
      verdicts: [],
      allowed: true,
      requiresApproval: false,
    });
    const res = await post(`/rotations/${ID}/rollback`, {
      version: 2,
      reason: 'bad password',
    });
    expect(res.status).toBe(200);
    expect(rotations.proposeRollback).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({ version: 2, dryRun: true }),
      expect.anything(),
    );
    const bad = await post(`/rotations/${ID}/rollback`, { reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'version: is required: the Vault version to write back',
    );
  });

  it('cancel answers 200 with the cancelled rotation', async () => {
    rotations.cancel.mockResolvedValue({ ...summary, state: 'cancelled' });
    const res = await post(`/rotations/${ID}/cancel`, {});
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('cancelled');
  });

  it('history: pages with defaults and says what is allowed', async () => {
    rotations.listForEntity.mockResolvedValue({
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 20,
    });
    const res = await request(app)
      .get('/entities/default/component/payments-api/rotations')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(rotations.listForEntity).toHaveBeenCalledWith(
      { namespace: 'default', kind: 'component', name: 'payments-api' },
      { offset: 0, limit: 20 },
      expect.anything(),
    );
    const bad = await request(app)
      .get('/entities/default/component/payments-api/rotations?limit=1000')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'limit: must be a whole number from 1 to 100',
    );
  });

  it('GET /fleet/rotations: 200 with what the service lists for the caller', async () => {
    const listed = {
      inFlight: [
        {
          ...summary,
          state: 'syncing' as const,
          vault: { mount: 'secret', path: 'payments/db' },
          clusters: [],
        },
      ],
      failed: [],
      since: '2026-11-30T10:00:00.000Z',
    };
    rotations.listFleet.mockResolvedValue(listed);
    const res = await request(app)
      .get('/fleet/rotations')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listed);
    expect(rotations.listFleet).toHaveBeenCalledWith({
      credentials: expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/alice',
        }),
      }),
    });
    const wrong = await request(app)
      .post('/fleet/rotations')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(wrong.status).toBe(405);
  });

  it('405 with Allow for a wrong method', async () => {
    const res = await request(app)
      .delete(`/rotations/${ID}`)
      .set('Authorization', user)
      .set('Content-Type', 'application/json');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
