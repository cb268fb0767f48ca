import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  RollbackRequest,
  RotationDetail,
  RotationHistoryQuery,
  FleetRotationsResponse,
  RotationHistoryResponse,
  RotationKind,
  RotationPlan,
  RotationProposal,
  RotationRequest,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';

export interface RotationServiceOptions {
  credentials: BackstageCredentials;
}

/** Options of the fleet-wide listing: without a scope, every entity's rotations. */
export interface FleetRotationsOptions extends RotationServiceOptions {
  /** Only the rotations of these entities (the caller may read their secrets). */
  scope?: { entityRefs: ReadonlySet<string> };
}

/** The rotation API; the router calls exactly one method per request. */
export interface RotationService {
  /** The dry run: the plan and every verdict; writes nothing. */
  propose(
    request: RotationRequest,
    options: RotationServiceOptions,
  ): Promise<RotationProposal>;
  /** Plans and checks again on the server, then starts: the 202 summary. */
  start(
    request: RotationRequest,
    options: RotationServiceOptions,
  ): Promise<RotationSummary>;
  proposeRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ): Promise<RotationProposal>;
  startRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ): Promise<RotationSummary>;
  cancel(id: string, options: RotationServiceOptions): Promise<RotationSummary>;
  get(id: string, options: RotationServiceOptions): Promise<RotationDetail>;
  listForEntity(
    ref: CompoundEntityRef,
    query: RotationHistoryQuery,
    options: RotationServiceOptions,
  ): Promise<RotationHistoryResponse>;
  /** In flight across the fleet, and the failures of the last day. */
  listFleet(options: FleetRotationsOptions): Promise<FleetRotationsResponse>;
}

/** What the planner needs to know about a request. */
export interface PlanRequest {
  kind: RotationKind;
  entityRef: string;
  groupId: string;
  /** For a rollback: the version to write back. */
  rollbackTo?: number;
}

/**
 * Builds the plan from the watch cache, the catalog and Vault's metadata: every cluster that
 * reads the key, not only the entity's. NotFoundError when the entity does not read the key.
 */
export interface RotationPlanner {
  plan(
    request: PlanRequest,
    options: RotationServiceOptions,
  ): Promise<{ plan: RotationPlan; entityOwners: string[] }>;
}
