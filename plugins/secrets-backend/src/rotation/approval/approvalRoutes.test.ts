import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { createApprovalRouter } from './approvalRoutes';
import type { ApprovalApi } from './AuthorizedApprovalService';

const user = mockCredentials.user.header('user:default/alice');
const ID = '0b9f4c1e-2f51-4d63-9a7e-6f1e1f2d3c4b';

describe('approval routes', () => {
  const approvals: jest.Mocked<ApprovalApi> = {
    approve: jest.fn(),
    deny: jest.fn(),
    listPending: jest.fn(),
    approvalOf: jest.fn(),
  };
  const app = express()
    .use(
      createApprovalRouter({
        httpAuth: mockServices.httpAuth(),
        auditor: mockServices.auditor.mock(),
        approvals,
      }),
    )
    .use(mockErrorHandler());

  beforeEach(() => jest.resetAllMocks());

  it('GET /rotations/:id/approval: 200 with whom it waits for and whether the caller may decide', async () => {
    const body = {
      rotationId: ID,
      state: 'awaiting-approval' as const,
      requestedBy: 'user:default/alice',
      environments: ['prod'],
      approvers: ['group:default/platform'],
      expiresAt: '2026-12-02T10:00:00.000Z',
      canDecide: false,
      cannotDecideReason: `You requested rotation ${ID}; four-eyes approval needs another approver`,
    };
    approvals.approvalOf.mockResolvedValue(body);
    const res = await request(app)
      .get(`/rotations/${ID}/approval`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(body);
    expect(approvals.approvalOf).toHaveBeenCalledWith(ID, {
      credentials: expect.anything(),
    });
  });

  it('GET /rotations/:id/approval: 400 for a malformed id, 404 from the service, 405 for POST', async () => {
    const bad = await request(app)
      .get('/rotations/nope/approval')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    approvals.approvalOf.mockRejectedValue(
      new NotFoundError(`Rotation ${ID} needs no approval`),
    );
    const missing = await request(app)
      .get(`/rotations/${ID}/approval`)
      .set('Authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: `Rotation ${ID} needs no approval`,
    });
    const post = await request(app)
      .post(`/rotations/${ID}/approval`)
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(post.status).toBe(405);
  });
});
