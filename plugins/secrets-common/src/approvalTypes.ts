import { z } from 'zod/v3';
import type { RotationSummary } from './rotationTypes';

/*
 * Four-eyes approval of rotations into protected environments: the decision body, and what an
 * approver sees of a pending rotation. Metadata only.
 */

/** Body of `POST /rotations/:id/approve` and `POST /rotations/:id/deny`. @public */
export const approvalDecisionSchema = z
  .object(
    {
      reason: z
        .string({ invalid_type_error: 'must be a string' })
        .max(1000, 'must be at most 1000 characters')
        .default(''),
    },
    {
      errorMap: (issue, ctx) => {
        if (issue.code === z.ZodIssueCode.unrecognized_keys)
          return {
            message: `unknown ${issue.keys.join(', ')}; allowed: reason`,
          };
        if (
          issue.code === z.ZodIssueCode.invalid_type &&
          issue.path.length === 0
        )
          return { message: 'must be a JSON object with reason' };
        return { message: ctx.defaultError };
      },
    },
  )
  .strict();
/** @public */
export type ApprovalDecisionRequest = z.infer<typeof approvalDecisionSchema>;

/** One rotation waiting for the caller's approval (`GET /approvals`). @public */
export interface PendingApproval extends RotationSummary {
  /** The protected environments the rotation reaches. */
  environments: string[];
  /** The groups whose members may approve it (never the requester). */
  approvers: string[];
  /** After this the rotation expires unapproved. */
  expiresAt: string;
  /** The clusters it will touch, from its plan. */
  clusters: string[];
}

/** `GET /approvals` @public */
export interface PendingApprovalsResponse {
  items: PendingApproval[];
}

/**
 * `GET /rotations/:id/approval`: what a rotation that needs four-eyes approval waits for, for
 * anyone who may read its entity. `canDecide` is the server's answer for the caller, so a
 * requester is never offered an Approve button for their own request.
 * @public
 */
export interface RotationApproval {
  rotationId: string;
  state: RotationSummary['state'];
  requestedBy: string;
  environments: string[];
  approvers: string[];
  expiresAt: string;
  /** The caller may approve or deny it now. */
  canDecide: boolean;
  /** Why the caller may not, while it still waits. */
  cannotDecideReason?: string;
  /** The decision, once someone made it. */
  decision?: {
    decision: 'approved' | 'denied';
    decidedBy: string;
    reason: string;
    decidedAt: string;
  };
}
