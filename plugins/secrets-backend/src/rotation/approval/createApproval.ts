import type {
  AuthService,
  DatabaseService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { ApprovalService, type ApprovalServiceDeps } from './ApprovalService';
import {
  AuthorizedApprovalService,
  type ApprovalApi,
} from './AuthorizedApprovalService';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { notifyApprovers } from './notifyApprovers';

/** The approval part of the rotation wing: the service the rotation service consults, and its API. */
export async function createApproval(
  deps: Omit<ApprovalServiceDeps, 'approvals' | 'serviceCredentials'> & {
    database: DatabaseService;
    /** Absent only in unit tests: an approved rotation then cannot be re-checked and is rejected. */
    auth?: Pick<AuthService, 'getOwnServiceCredentials'>;
    permissions: PermissionsService;
    /** Where approvers are told a rotation waits for them, unless `onAwaitingApproval` says otherwise. */
    notifications?: Pick<NotificationService, 'send'>;
  },
): Promise<{ approval: ApprovalService; approvals: ApprovalApi }> {
  const approval = new ApprovalService({
    ...deps,
    onAwaitingApproval:
      deps.onAwaitingApproval ??
      (deps.notifications ? notifyApprovers(deps.notifications) : undefined),
    approvals: await DatabaseApprovalStore.create({ database: deps.database }),
    serviceCredentials: async () => {
      if (!deps.auth) throw new Error('the plugin has no service credentials');
      return deps.auth.getOwnServiceCredentials();
    },
  });
  return {
    approval,
    approvals: new AuthorizedApprovalService(
      approval,
      deps.permissions,
      deps.store,
    ),
  };
}
