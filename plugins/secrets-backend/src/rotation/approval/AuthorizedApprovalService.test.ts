import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RotationApproval } from '@secrets-plugin/plugin-secrets-common';
import type { RotationRecord } from '../../database/RotationStore';
import {
  AuthorizedApprovalService,
  type ApprovalApi,
} from './AuthorizedApprovalService';

const credentials = mockCredentials.user('user:default/bob');
const ID = '0b9f4c1e-2f51-4d63-9a7e-6f1e1f2d3c4b';
const approval: RotationApproval = {
  rotationId: ID,
  state: 'awaiting-approval',
  requestedBy: 'user:default/alice',
  environments: ['prod'],
  approvers: ['group:default/platform'],
  expiresAt: '2026-12-02T10:00:00.000Z',
  canDecide: true,
};

function setup(allowed: string[]) {
  const inner: jest.Mocked<ApprovalApi> = {
    approve: jest.fn(),
    deny: jest.fn(),
    listPending: jest.fn(),
    approvalOf: jest.fn(),
  };
  inner.approvalOf.mockResolvedValue(approval);
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: allowed.includes(r.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  const store = {
    get: jest.fn(async (id: string) =>
      id === ID
        ? ({
            rotation: { entityRef: 'component:default/payments-api' },
          } as RotationRecord)
        : undefined,
    ),
  };
  return {
    service: new AuthorizedApprovalService(inner, permissions, store),
    inner,
    permissions,
  };
}

describe('AuthorizedApprovalService.approvalOf', () => {
  it('answers an approver who may read the entity as the service does', async () => {
    const { service, permissions } = setup([
      'secrets.entity.read',
      'secrets.rotation.approve',
    ]);
    await expect(service.approvalOf(ID, { credentials })).resolves.toEqual(
      approval,
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'secrets.entity.read' }),
          resourceRef: 'component:default/payments-api',
        },
        {
          permission: expect.objectContaining({
            name: 'secrets.rotation.approve',
          }),
        },
      ],
      { credentials },
    );
  });

  it('shows a reader without secrets.rotation.approve whom it waits for, but no decision', async () => {
    const { service } = setup(['secrets.entity.read']);
    await expect(service.approvalOf(ID, { credentials })).resolves.toEqual({
      ...approval,
      canDecide: false,
      cannotDecideReason: 'Missing permission secrets.rotation.approve',
    });
  });

  it("answers the same 404 for another tenant's rotation and an unknown id", async () => {
    const { service, inner } = setup(['secrets.rotation.approve']);
    const unknown = '11111111-2f51-4d63-9a7e-6f1e1f2d3c4b';
    for (const id of [ID, unknown])
      await expect(service.approvalOf(id, { credentials })).rejects.toThrow(
        new NotFoundError(
          `No rotation ${id}, or you may not read its entity's secrets`,
        ),
      );
    expect(inner.approvalOf).not.toHaveBeenCalled();
  });
});
