import type { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { secretsRotationApprovePermission } from '@secrets-plugin/plugin-secrets-common';
import type { RotationServiceOptions } from '../types';
import type { ApprovalService } from './ApprovalService';

export type ApprovalApi = Pick<
  ApprovalService,
  'approve' | 'deny' | 'listPending'
>;

/**
 * The approval API behind `secrets.rotation.approve`, a basic permission: approvers (often the
 * platform team) do not own the entity, so `secrets.entity.rotate` would be the wrong gate. The
 * inner service adds what a permission cannot express: membership of the environment's approver
 * group, and never the requester.
 */
export class AuthorizedApprovalService implements ApprovalApi {
  constructor(
    private readonly inner: ApprovalApi,
    private readonly permissions: PermissionsService,
  ) {}

  async approve(id: string, reason: string, options: RotationServiceOptions) {
    await this.#mayApprove(options);
    return this.inner.approve(id, reason, options);
  }

  async deny(id: string, reason: string, options: RotationServiceOptions) {
    await this.#mayApprove(options);
    return this.inner.deny(id, reason, options);
  }

  async listPending(options: RotationServiceOptions) {
    await this.#mayApprove(options);
    return this.inner.listPending(options);
  }

  async #mayApprove({ credentials }: RotationServiceOptions) {
    const [decision] = await this.permissions.authorize(
      [{ permission: secretsRotationApprovePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `Missing permission ${secretsRotationApprovePermission.name}: only approvers may approve or deny rotations`,
      );
  }
}
