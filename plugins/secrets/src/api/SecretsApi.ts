import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntitySecretsResponse,
  EntitySecretsSummary,
  FleetQuery,
  FleetResponse,
  FleetRotationsResponse,
  PendingApprovalsResponse,
  RotationApproval,
  HealthResponse,
  RevalidateRequest,
  RevalidateResponse,
  RotationDetail,
  RotationHistoryResponse,
  RotationProposal,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';

/** What a rotation request names: one Vault-key group of one entity. @public */
export interface RotationTarget {
  entityRef: string;
  groupId: string;
  reason: string;
}

/** Options of a request that starts something. @public */
export interface StartOptions {
  /** The same key twice starts one rotation (a double click, a retried request). */
  idempotencyKey: string;
  acknowledgeWarnings?: boolean;
}

/** A rollback of a finished rotation to one Vault version. @public */
export interface RollbackTarget {
  rotationId: string;
  version: number;
  reason: string;
}

/** Typed client of the secrets backend. @public */
export interface SecretsApi {
  getHealth(): Promise<HealthResponse>;
  getEntitySecrets(entityRef: string): Promise<EntitySecretsResponse>;
  /** What the overview card shows: counts, worst status and the row it names. */
  getEntitySecretsSummary(entityRef: string): Promise<EntitySecretsSummary>;
  getFleet(query?: Partial<FleetQuery>): Promise<FleetResponse>;
  revalidateStores(request: RevalidateRequest): Promise<RevalidateResponse>;
  /** The dry run: plan and every verdict. Writes nothing. */
  proposeRotation(target: RotationTarget): Promise<RotationProposal>;
  /** Starts the rotation (202). A policy refusal throws `RotationDeniedError`. */
  startRotation(
    target: RotationTarget,
    options: StartOptions,
  ): Promise<RotationSummary>;
  getRotation(id: string): Promise<RotationDetail>;
  /** The entity's rotations, newest first; `groupId` narrows them to one key. */
  listRotations(
    entityRef: string,
    query?: { groupId?: string; offset?: number; limit?: number },
  ): Promise<RotationHistoryResponse>;
  proposeRollback(target: RollbackTarget): Promise<RotationProposal>;
  startRollback(
    target: RollbackTarget,
    options: StartOptions,
  ): Promise<RotationSummary>;
  cancelRotation(id: string): Promise<RotationSummary>;
  /** Rotations in flight across the fleet and the last day's failures, as far as the user may see. */
  getFleetRotations(): Promise<FleetRotationsResponse>;
  /** Rotations waiting for the user's four-eyes approval (never their own). */
  listPendingApprovals(): Promise<PendingApprovalsResponse>;
  /** Whom a rotation waits for, and whether the user may decide it. */
  getRotationApproval(id: string): Promise<RotationApproval>;
  decideRotation(
    id: string,
    decision: ApprovalDecision,
    reason: string,
  ): Promise<RotationSummary>;
}

/** What an approver answers to a rotation awaiting approval. @public */
export type ApprovalDecision = 'approve' | 'deny';

/** @public */
export const secretsApiRef = createApiRef<SecretsApi>({
  id: 'plugin.secrets.service',
});
