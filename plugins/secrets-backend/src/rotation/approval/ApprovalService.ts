import type {
  BackstageCredentials,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  PendingApproval,
  PendingApprovalsResponse,
  RotationApproval,
  RotationPlan,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import type { RotationRow, RotationStore } from '../../database/RotationStore';
import { rotationSummary } from '../DefaultRotationService';
import type { DefaultRotationPolicy } from '../policy/DefaultRotationPolicy';
import type { RotationPlanner, RotationServiceOptions } from '../types';
import {
  approvalRequirement,
  approverGroups,
  assertMayDecide,
  expiresAt,
  isApprover,
  isExpired,
  needsApproval,
} from './approvalRules';
import type { DatabaseApprovalStore } from './DatabaseApprovalStore';
import type {
  ApprovalConfig,
  ApprovalDecisionRow,
  ApprovalRequirement,
} from './types';

export interface ApprovalServiceDeps {
  config: ApprovalConfig;
  planner: RotationPlanner;
  policy: DefaultRotationPolicy;
  store: RotationStore;
  approvals: DatabaseApprovalStore;
  runner: { run(id: string): Promise<void> };
  userInfo: Pick<UserInfoService, 'getUserInfo'>;
  /** The plugin's own credentials: the re-check at approval time plans as the plugin. */
  serviceCredentials: () => Promise<BackstageCredentials>;
  logger: LoggerService;
  /** Called once per rotation that starts waiting: where approvers get notified. */
  onAwaitingApproval?: (pending: PendingApproval) => Promise<void> | void;
  now?: () => number;
}

/**
 * Four-eyes approval. What a rotation needs is derived from its stored plan and the current
 * config each time (nothing to keep in step when either changes); what is stored is the one
 * decision, who made it and when. Expiry and decisions a crash left unapplied are settled when
 * a rotation is read and by the runner's resume task, so there is no loop of its own.
 */
export class ApprovalService {
  constructor(private readonly deps: ApprovalServiceDeps) {}

  #now() {
    return (this.deps.now ?? Date.now)();
  }

  requirement(plan: Pick<RotationPlan, 'clusters'>) {
    return approvalRequirement(plan, this.deps.config);
  }

  /** Whether a rotation of `plan` requested by this person waits for someone else. */
  requiresApproval(plan: RotationPlan, ownershipEntityRefs: string[]) {
    return needsApproval(this.requirement(plan), ownershipEntityRefs);
  }

  /** A rotation has just been stored in `awaiting-approval`. */
  async opened(row: RotationRow): Promise<void> {
    const pending = this.#pending(row);
    if (!pending) return;
    await this.deps.store.appendEvent(row.id, {
      type: 'awaiting-approval',
      message: `awaits approval by ${pending.approvers.join(
        ', ',
      )} for ${pending.environments.join(', ')} until ${pending.expiresAt}`,
    });
    try {
      await this.deps.onAwaitingApproval?.(pending);
    } catch (error) {
      this.deps.logger.warn(
        `rotation ${row.id}: the awaiting-approval hook failed: ${
          (error as Error).message
        }`,
      );
    }
  }

  approve(id: string, reason: string, options: RotationServiceOptions) {
    return this.#decide(id, 'approved', reason, options);
  }

  deny(id: string, reason: string, options: RotationServiceOptions) {
    return this.#decide(id, 'denied', reason, options);
  }

  /** The rotations the caller may approve: waiting, not requested by them, in their groups. */
  async listPending(
    options: RotationServiceOptions,
  ): Promise<PendingApprovalsResponse> {
    const user = await this.deps.userInfo.getUserInfo(options.credentials);
    await this.settleAll();
    const items: PendingApproval[] = [];
    for (const id of await this.deps.approvals.awaiting()) {
      const row = (await this.deps.store.get(id))?.rotation;
      if (!row || row.state !== 'awaiting-approval') continue;
      if (row.requestedBy === user.userEntityRef) continue;
      const requirement = this.requirement(row.plan as RotationPlan);
      if (requirement && !isApprover(requirement, user.ownershipEntityRefs))
        continue;
      const pending = this.#pending(row);
      if (pending) items.push(pending);
    }
    return { items };
  }

  /**
   * What one rotation's approval waits for, and whether the caller may decide it now (the same
   * rules as approve and deny, so the UI never offers a button the server would refuse).
   * NotFoundError when the rotation needs no approval.
   */
  async approvalOf(
    id: string,
    options: RotationServiceOptions,
  ): Promise<RotationApproval> {
    const user = await this.deps.userInfo.getUserInfo(options.credentials);
    await this.settle(id);
    const row = (await this.deps.store.get(id))?.rotation;
    if (!row) throw new NotFoundError(`No rotation ${id}`);
    const requirement = this.requirement(row.plan as RotationPlan);
    if (!requirement)
      throw new NotFoundError(`Rotation ${id} needs no approval`);
    let cannotDecideReason: string | undefined;
    try {
      assertMayDecide(row, requirement, user);
    } catch (error) {
      cannotDecideReason = (error as Error).message;
    }
    const decided = await this.deps.approvals.get(id);
    return {
      rotationId: row.id,
      state: row.state,
      requestedBy: row.requestedBy,
      environments: requirement.environments.map(e => e.name),
      approvers: approverGroups(requirement),
      expiresAt: expiresAt(row, requirement.expiresAfterMs),
      canDecide: !cannotDecideReason,
      cannotDecideReason,
      decision: decided && {
        decision: decided.decision,
        decidedBy: decided.decidedBy,
        reason: decided.reason,
        decidedAt: decided.decidedAt,
      },
    };
  }

  /** Expires and completes every waiting rotation that is due: the resume task's share. */
  async settleAll(): Promise<void> {
    for (const id of await this.deps.approvals.awaiting()) {
      try {
        await this.settle(id);
      } catch (error) {
        this.deps.logger.warn(
          `rotation ${id}: settling its approval failed: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  /**
   * Brings one waiting rotation up to date: applies a recorded decision (a crash may have left
   * it unapplied), or expires it past its deadline. Nothing happens to any other state.
   */
  async settle(id: string): Promise<void> {
    const row = (await this.deps.store.get(id))?.rotation;
    if (!row || row.state !== 'awaiting-approval') return;
    const decision = await this.deps.approvals.get(id);
    if (decision) {
      await this.#apply(row, decision);
      return;
    }
    const requirement = this.requirement(row.plan as RotationPlan);
    if (!isExpired(row, requirement, this.#now())) return;
    const message = `nobody approved it before ${expiresAt(
      row,
      requirement!.expiresAfterMs,
    )}`;
    if (
      await this.deps.store.transition(id, 'awaiting-approval', 'expired', {
        error: message,
      })
    )
      await this.deps.store.appendEvent(id, { type: 'expired', message });
  }

  async #decide(
    id: string,
    decision: ApprovalDecisionRow['decision'],
    reason: string,
    options: RotationServiceOptions,
  ): Promise<RotationSummary> {
    const user = await this.deps.userInfo.getUserInfo(options.credentials);
    await this.settle(id);
    const row = (await this.deps.store.get(id))?.rotation;
    if (!row) throw new NotFoundError(`No rotation ${id}`);
    assertMayDecide(row, this.requirement(row.plan as RotationPlan), user);
    const decided = await this.deps.approvals.decide({
      rotationId: id,
      decision,
      decidedBy: user.userEntityRef,
      reason,
    });
    await this.#apply(row, decided);
    return rotationSummary((await this.deps.store.get(id))!.rotation);
  }

  async #apply(row: RotationRow, decision: ApprovalDecisionRow): Promise<void> {
    const by = `${decision.decidedBy}${
      decision.reason ? `: ${decision.reason}` : ''
    }`;
    if (decision.decision === 'denied') {
      await this.#reject(row, 'denied', `denied by ${by}`);
      return;
    }
    // the world may have changed while the rotation waited: plan and check again, as the plugin
    const recheck = await this.#recheck(row);
    if ('error' in recheck) {
      await this.#reject(
        row,
        'rejected',
        `approved by ${by}, but ${recheck.error}`,
      );
      return;
    }
    if (
      !(await this.deps.store.transition(
        row.id,
        'awaiting-approval',
        'planned',
        {
          plan: recheck.plan,
          versionBefore: recheck.plan.currentVersion,
        },
      ))
    )
      return;
    await this.deps.store.appendEvent(row.id, {
      type: 'approved',
      message: `approved by ${by}`,
    });
    void this.deps.runner.run(row.id);
  }

  async #recheck(
    row: RotationRow,
  ): Promise<{ plan: RotationPlan } | { error: string }> {
    let planned;
    try {
      planned = await this.deps.planner.plan(
        {
          kind: row.kind,
          entityRef: row.entityRef,
          groupId: row.groupId,
          rollbackTo: row.rollbackTo,
        },
        { credentials: await this.deps.serviceCredentials() },
      );
    } catch (error) {
      return {
        error: `it can no longer be planned: ${(error as Error).message}`,
      };
    }
    const { plan, entityOwners } = planned;
    if (plan.keyId !== row.keyId)
      return { error: 'its group id now names another Vault key' };
    const last = await this.deps.store.lastFinished(plan.keyId);
    const decision = await this.deps.policy.evaluate({
      plan,
      request: { kind: row.kind, reason: row.reason },
      // the requester's groups are not stored; rules decide on the entity's owners
      requester: {
        userEntityRef: row.requestedBy,
        ownershipEntityRefs: [row.requestedBy],
      },
      entityOwners,
      history: { lastFinishedAt: last?.finishedAt },
      now: this.#now(),
    });
    if (!decision.allowed)
      return {
        error: `the rotation policy now denies it: ${decision.verdicts
          .filter(v => v.outcome === 'deny')
          .map(v => `${v.ruleId}: ${v.message}`)
          .join('; ')}`,
      };
    return { plan };
  }

  async #reject(row: RotationRow, type: string, message: string) {
    if (
      await this.deps.store.transition(
        row.id,
        'awaiting-approval',
        'rejected',
        {
          error: message,
        },
      )
    )
      await this.deps.store.appendEvent(row.id, { type, message });
  }

  #pending(row: RotationRow): PendingApproval | undefined {
    const plan = row.plan as RotationPlan;
    const requirement: ApprovalRequirement | undefined = this.requirement(plan);
    if (!requirement) return undefined;
    return {
      ...rotationSummary(row),
      environments: requirement.environments.map(e => e.name),
      approvers: approverGroups(requirement),
      expiresAt: expiresAt(row, requirement.expiresAfterMs),
      clusters: plan.clusters.map(c => c.cluster),
    };
  }
}
