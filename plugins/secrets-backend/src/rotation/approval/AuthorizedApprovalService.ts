import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  secretsEntityReadPermission,
  secretsRotationApprovePermission,
  type RotationApproval,
} from '@secrets-plugin/plugin-secrets-common';
import type { RotationStore } from '../../database/RotationStore';
import type { RotationServiceOptions } from '../types';
import type { ApprovalService } from './ApprovalService';

export type ApprovalApi = Pick<
  ApprovalService,
  'approve' | 'deny' | 'listPending' | 'approvalOf'
>;

/**
 * The approval API behind `secrets.rotation.approve`, a basic permission: approvers (often the
 * platform team) do not own the entity, so `secrets.entity.rotate` would be the wrong gate. The
 * inner service adds what a permission cannot express: membership of the environment's approver
 * group, and never the requester. Someone who may not read the rotation's entity and is not one of
 * its approvers gets the 404 of a missing id, not "only members of ... may approve" or its state,
 * which would tell another tenant that the rotation exists.
 */
export class AuthorizedApprovalService implements ApprovalApi {
  constructor(
    private readonly inner: ApprovalApi,
    private readonly permissions: PermissionsService,
    private readonly store: Pick<RotationStore, 'get'>,
  ) {}

  approve(id: string, reason: string, options: RotationServiceOptions) {
    return this.#decide('approve', id, reason, options);
  }

  deny(id: string, reason: string, options: RotationServiceOptions) {
    return this.#decide('deny', id, reason, options);
  }

  async #decide(
    action: 'approve' | 'deny',
    id: string,
    reason: string,
    options: RotationServiceOptions,
  ) {
    await this.#mayApprove(options);
    try {
      return await this.inner[action](id, reason, options);
    } catch (error) {
      // refused before anything was decided; a stranger learns no more than for a missing id
      if (
        (error instanceof NotAllowedError || error instanceof ConflictError) &&
        !(await this.#mayReadEntityOf(id, options))
      )
        throw new NotFoundError(`No rotation ${id}`);
      throw error;
    }
  }

  async #mayReadEntityOf(id: string, { credentials }: RotationServiceOptions) {
    const entityRef = (await this.store.get(id))?.rotation.entityRef;
    if (!entityRef) return false;
    const [decision] = await this.permissions.authorize(
      [{ permission: secretsEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async listPending(options: RotationServiceOptions) {
    await this.#mayApprove(options);
    return this.inner.listPending(options);
  }

  /**
   * For anyone who may read the rotation's entity (the same 404 as GET /rotations/:id
   * otherwise), so a requester sees whom they wait for; only an approver may decide.
   */
  async approvalOf(
    id: string,
    options: RotationServiceOptions,
  ): Promise<RotationApproval> {
    const entityRef = (await this.store.get(id))?.rotation.entityRef;
    const [read, approve] = entityRef
      ? await this.permissions.authorize(
          [
            { permission: secretsEntityReadPermission, resourceRef: entityRef },
            { permission: secretsRotationApprovePermission },
          ],
          { credentials: options.credentials },
        )
      : [];
    if (read?.result !== AuthorizeResult.ALLOW)
      throw new NotFoundError(
        `No rotation ${id}, or you may not read its entity's secrets`,
      );
    const approval = await this.inner.approvalOf(id, options);
    if (!approval.canDecide || approve.result === AuthorizeResult.ALLOW)
      return approval;
    return {
      ...approval,
      canDecide: false,
      cannotDecideReason: `Missing permission ${secretsRotationApprovePermission.name}`,
    };
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
