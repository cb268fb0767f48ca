import type { UserInfoService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  PolicyVerdict,
  RollbackRequest,
  RotationDetail,
  RotationHistoryResponse,
  RotationKind,
  RotationPlan,
  RotationProposal,
  RotationRequest,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { randomUUID } from 'node:crypto';
import type { RotationRow, RotationStore } from '../database/RotationStore';
import type { ApprovalService } from './approval/ApprovalService';
import type { DefaultRotationPolicy } from './policy/DefaultRotationPolicy';
import type { ExternalChanges } from './history/ExternalChanges';
import { mergeHistory } from './history/mergeHistory';
import { listFleetRotations } from './fleet/fleetRotations';
import type {
  FleetRotationsOptions,
  PlanRequest,
  RotationPlanner,
  RotationService,
  RotationServiceOptions,
} from './types';

/** A 403 that carries the verdicts, so the caller sees every rule that stood in the way. */
export class RotationDeniedError extends NotAllowedError {
  constructor(readonly verdicts: PolicyVerdict[]) {
    super(
      `The rotation policy denies this rotation: ${verdicts
        .filter(v => v.outcome === 'deny')
        .map(v => `${v.ruleId}: ${v.message}`)
        .join('; ')}`,
    );
  }
}

export function rotationSummary(row: RotationRow): RotationSummary {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    entityRef: row.entityRef,
    groupId: row.groupId,
    requestedBy: row.requestedBy,
    reason: row.reason,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    versionBefore: row.versionBefore,
    versionAfter: row.versionAfter,
  };
}

interface Proposed extends RotationProposal {
  requester: string;
}

/** Plans, checks and records rotations; the runner executes them. */
export class DefaultRotationService implements RotationService {
  constructor(
    private readonly deps: {
      planner: RotationPlanner;
      policy: DefaultRotationPolicy;
      store: RotationStore;
      runner: { run(id: string): Promise<void> };
      userInfo: Pick<UserInfoService, 'getUserInfo'>;
      /** Four-eyes approval in protected environments (absent: none). */
      approval?: Pick<
        ApprovalService,
        'requiresApproval' | 'opened' | 'settle'
      >;
      /** Versions of the keys written outside the plugin, merged into histories. */
      externalChanges?: Pick<ExternalChanges, 'of'>;
      now?: () => number;
      newId?: () => string;
    },
  ) {}

  async propose(
    request: RotationRequest,
    options: RotationServiceOptions,
  ): Promise<RotationProposal> {
    const { requester: _, ...proposal } = await this.#propose(
      {
        kind: 'rotation',
        entityRef: request.entityRef,
        groupId: request.groupId,
      },
      request.reason,
      options,
    );
    return proposal;
  }

  async start(
    request: RotationRequest,
    options: RotationServiceOptions,
  ): Promise<RotationSummary> {
    const repeated = await this.#submitted(request.idempotencyKey, options);
    if (repeated) return repeated;
    // the client's dry run is never trusted: plan and check again, here and now
    const proposal = await this.#propose(
      {
        kind: 'rotation',
        entityRef: request.entityRef,
        groupId: request.groupId,
      },
      request.reason,
      options,
    );
    return this.#begin(proposal, request, undefined);
  }

  async proposeRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ): Promise<RotationProposal> {
    const { requester: _, ...proposal } = await this.#propose(
      await this.#rollbackRequest(id, request),
      request.reason,
      options,
    );
    return proposal;
  }

  async startRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ): Promise<RotationSummary> {
    const repeated = await this.#submitted(request.idempotencyKey, options);
    if (repeated) return repeated;
    const proposal = await this.#propose(
      await this.#rollbackRequest(id, request),
      request.reason,
      options,
    );
    return this.#begin(proposal, request, id);
  }

  async cancel(id: string): Promise<RotationSummary> {
    const record = await this.deps.store.get(id);
    if (!record) throw new NotFoundError(`No rotation ${id}`);
    const from = record.rotation.state;
    if (from !== 'planned' && from !== 'awaiting-approval')
      throw new ConflictError(
        `Rotation ${id} is ${from}; only a rotation that has not written to Vault yet can be cancelled`,
      );
    if (!(await this.deps.store.transition(id, from, 'cancelled')))
      throw new ConflictError(
        `Rotation ${id} moved on while it was being cancelled; it is no longer cancellable`,
      );
    await this.deps.store.appendEvent(id, {
      type: 'cancelled',
      message: 'cancelled',
    });
    return rotationSummary((await this.deps.store.get(id))!.rotation);
  }

  async get(id: string): Promise<RotationDetail> {
    await this.deps.approval?.settle(id); // an expired wait reads as expired
    const record = await this.deps.store.get(id);
    if (!record) throw new NotFoundError(`No rotation ${id}`);
    return {
      ...rotationSummary(record.rotation),
      plan: record.rotation.plan as RotationPlan,
      error: record.rotation.error,
      clusters: record.targets.map(t => {
        const ms = t.detail.propagationMs;
        return {
          cluster: t.cluster,
          state: t.state,
          reason: t.reason,
          startedAt: t.startedAt,
          updatedAt: t.updatedAt,
          finishedAt: t.finishedAt,
          propagationSeconds: typeof ms === 'number' ? ms / 1000 : undefined,
        };
      }),
      events: record.events.map(e => ({
        at: e.at,
        type: e.type,
        cluster: e.cluster,
        message: e.message,
      })),
    };
  }

  async listForEntity(
    ref: Parameters<RotationService['listForEntity']>[0],
    query: Parameters<RotationService['listForEntity']>[1],
    options?: RotationServiceOptions,
  ): Promise<RotationHistoryResponse> {
    const entityRef = stringifyEntityRef(ref);
    const [page, external] = await Promise.all([
      // the merged page's items can only be among the newest offset + limit rotations
      this.deps.store.listByEntity(entityRef, {
        groupId: query.groupId,
        offset: 0,
        limit: query.offset + query.limit,
      }),
      options && this.deps.externalChanges
        ? this.deps.externalChanges.of(entityRef, query.groupId, options)
        : [],
    ]);
    const merged = mergeHistory({
      rotations: page.items.map(rotationSummary),
      rotationCount: page.totalCount,
      external,
      offset: query.offset,
      limit: query.limit,
    });
    return { ...merged, offset: query.offset, limit: query.limit };
  }

  listFleet(options: FleetRotationsOptions) {
    return listFleetRotations(
      this.deps.store,
      options,
      (this.deps.now ?? Date.now)(),
    );
  }

  /**
   * A submit repeated with its idempotency key (a retry, a double click) answers the rotation it
   * started, before any policy runs again: a cooldown the first submit started must not refuse it.
   */
  async #submitted(
    idempotencyKey: string | undefined,
    options: RotationServiceOptions,
  ): Promise<RotationSummary | undefined> {
    if (!idempotencyKey) return undefined;
    const user = await this.deps.userInfo.getUserInfo(options.credentials);
    const row = await this.deps.store.findSubmitted(
      user.userEntityRef,
      idempotencyKey,
    );
    return row ? rotationSummary(row) : undefined;
  }

  async #rollbackRequest(
    id: string,
    request: RollbackRequest,
  ): Promise<PlanRequest> {
    const record = await this.deps.store.get(id);
    if (!record) throw new NotFoundError(`No rotation ${id}`);
    return {
      kind: 'rollback' as RotationKind,
      entityRef: record.rotation.entityRef,
      groupId: record.rotation.groupId,
      rollbackTo: request.version,
    };
  }

  async #propose(
    request: PlanRequest,
    reason: string,
    options: RotationServiceOptions,
  ): Promise<Proposed> {
    const [{ plan, entityOwners }, user] = await Promise.all([
      this.deps.planner.plan(request, options),
      this.deps.userInfo.getUserInfo(options.credentials),
    ]);
    const last = await this.deps.store.lastFinished(plan.keyId);
    const decision = await this.deps.policy.evaluate({
      plan,
      request: { kind: request.kind, reason },
      requester: {
        userEntityRef: user.userEntityRef,
        ownershipEntityRefs: user.ownershipEntityRefs,
      },
      entityOwners,
      history: { lastFinishedAt: last?.finishedAt },
      now: (this.deps.now ?? Date.now)(),
    });
    return {
      plan,
      verdicts: decision.verdicts,
      allowed: decision.allowed,
      requiresApproval:
        this.deps.approval?.requiresApproval(plan, user.ownershipEntityRefs) ??
        false,
      requester: user.userEntityRef,
    };
  }

  async #begin(
    proposal: Proposed,
    request: {
      reason: string;
      idempotencyKey?: string;
      acknowledgeWarnings: boolean;
    },
    rollbackOf: string | undefined,
  ): Promise<RotationSummary> {
    if (!proposal.allowed) throw new RotationDeniedError(proposal.verdicts);
    const warnings = proposal.verdicts.filter(v => v.outcome === 'warn');
    if (warnings.length && !request.acknowledgeWarnings)
      throw new InputError(
        `acknowledgeWarnings: must be true to rotate despite ${warnings
          .map(w => `${w.ruleId}: ${w.message}`)
          .join('; ')}`,
      );
    const { plan } = proposal;
    const { row, created } = await this.deps.store.create({
      id: (this.deps.newId ?? randomUUID)(),
      kind: plan.kind,
      trigger: 'user',
      state: proposal.requiresApproval ? 'awaiting-approval' : 'planned',
      entityRef: plan.entityRef,
      groupId: plan.groupId,
      keyId: plan.keyId,
      requestedBy: proposal.requester,
      reason: request.reason,
      idempotencyKey: request.idempotencyKey,
      rollbackTo: plan.rollbackTo?.version,
      rollbackOf,
      versionBefore: plan.currentVersion,
      plan,
    });
    if (created) {
      const counted = proposal.verdicts.reduce<Record<string, number>>(
        (n, v) => ({ ...n, [v.outcome]: (n[v.outcome] ?? 0) + 1 }),
        {},
      );
      await this.deps.store.appendEvent(row.id, {
        type: 'requested',
        message: `requested by ${proposal.requester}: ${Object.entries(counted)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}${
          warnings.length
            ? ` (acknowledged: ${warnings.map(w => w.ruleId).join(', ')})`
            : ''
        }`,
      });
      // runs in the background; the caller follows it through GET /rotations/:id and signals
      if (row.state === 'awaiting-approval')
        await this.deps.approval?.opened(row);
      else void this.deps.runner.run(row.id);
    }
    return rotationSummary(row);
  }
}
