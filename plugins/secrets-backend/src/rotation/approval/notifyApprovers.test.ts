import type { PendingApproval } from '@secrets-plugin/plugin-secrets-common';
import { approvalNotification, notifyApprovers } from './notifyApprovers';

const pending: PendingApproval = {
  id: 'r-1',
  kind: 'rotation',
  state: 'awaiting-approval',
  entityRef: 'component:default/payments-api',
  groupId: 'g-db',
  requestedBy: 'user:default/alice',
  reason: 'quarterly rotation of the DB password',
  createdAt: '2026-12-01T10:00:00.000Z',
  versionBefore: 3,
  environments: ['prod'],
  approvers: ['group:default/platform', 'group:default/security'],
  expiresAt: '2026-12-02T10:00:00.000Z',
  clusters: ['prod-eu', 'prod-us'],
};

describe('notifyApprovers', () => {
  it('sends one notification to the approver groups, never to the requester', async () => {
    const send = jest.fn(async () => undefined);
    await notifyApprovers({ send })(pending);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/platform', 'group:default/security'],
        excludeEntityRef: 'user:default/alice',
      },
      payload: approvalNotification(pending),
    });
  });

  it('says who asks, for which entity, where and until when, and links to its Secrets tab', () => {
    expect(approvalNotification(pending)).toEqual({
      title: 'Rotation of a secret of payments-api awaits your approval',
      description:
        'user:default/alice asks to rotate a secret read by component:default/payments-api in prod (2 cluster(s)): "quarterly rotation of the DB password". Approve or deny before 2026-12-02T10:00:00.000Z.',
      link: '/catalog/default/component/payments-api/secrets',
      severity: 'high',
      topic: 'secrets-rotation-approval',
      scope: expect.stringMatching(/r-1.*:approval$/),
    });
    expect(approvalNotification({ ...pending, kind: 'rollback' }).title).toBe(
      'Rollback of a secret of payments-api awaits your approval',
    );
  });

  it('sends nothing when no group may approve', async () => {
    const send = jest.fn(async () => undefined);
    await notifyApprovers({ send })({ ...pending, approvers: [] });
    expect(send).not.toHaveBeenCalled();
  });
});
