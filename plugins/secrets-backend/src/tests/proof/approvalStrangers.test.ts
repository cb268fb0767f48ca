/*
 * Regression of the isolation matrix's finding: team-search approving a payments rotation was
 * told "Only members of group:default/platform-team (prod) may approve or deny rotation <id>"
 * (403), and for a finished one its state (409), while a made-up id answers 404: the answer told
 * another tenant that the rotation exists.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RotationSummary } from '@secrets-plugin/plugin-secrets-common';
import type { RotationRecord } from '../../database/RotationStore';
import {
  AuthorizedApprovalService,
  type ApprovalApi,
} from '../../rotation/approval/AuthorizedApprovalService';

const ID = '0b9f4c1e-2f51-4d63-9a7e-6f1e1f2d3c4b';
const MISSING = '5d6e7f80-0000-4000-8000-000000000000';

function setup(readable: boolean, refusal: Error) {
  const decide = async (id: string): Promise<RotationSummary> => {
    if (id !== ID) throw new NotFoundError(`No rotation ${id}`);
    throw refusal;
  };
  const inner: ApprovalApi = {
    approve: decide,
    deny: decide,
    listPending: jest.fn(),
    approvalOf: jest.fn(),
  };
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result:
        r.permission.name !== 'secrets.entity.read' || readable
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
  return new AuthorizedApprovalService(inner, permissions, store);
}

const sam = { credentials: mockCredentials.user('user:default/sam') };

describe('approving a rotation of another tenant', () => {
  it.each([
    ['not an approver', new NotAllowedError('Only members of x may approve')],
    ['a finished rotation', new ConflictError(`Rotation ${ID} is succeeded`)],
  ])(
    '%s: the 404 of a missing id for someone who may not read its entity',
    async (_, refusal) => {
      const service = setup(false, refusal);
      for (const action of ['approve', 'deny'] as const) {
        const real = service[action](ID, 'a reason', sam).catch(e => e);
        const missing = service[action](MISSING, 'a reason', sam).catch(e => e);
        const [r, m] = await Promise.all([real, missing]);
        expect(r).toBeInstanceOf(NotFoundError);
        expect(r.message.replace(ID, '<id>')).toBe(
          m.message.replace(MISSING, '<id>'),
        );
      }
    },
  );

  it('tells a reader of the entity why (the requester, a teammate who is no approver)', async () => {
    const refusal = new NotAllowedError('Only members of x may approve');
    await expect(
      setup(true, refusal).approve(ID, 'a reason', sam),
    ).rejects.toBe(refusal);
  });
});
