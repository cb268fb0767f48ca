import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import type { RotationRow } from '../../database/RotationStore';
import type { ApprovalConfig, ApprovalRequirement } from './types';

/*
 * The four-eyes rules as pure functions of the plan, the config and who asks, so the service,
 * the pending list and the tests share one answer.
 */

function policyOf(config: ApprovalConfig, environment: string | undefined) {
  const envs = config.environments;
  if (environment !== undefined && environment in envs)
    return envs[environment];
  return envs.default;
}

/** The protected environments a plan reaches; undefined when it reaches none. */
export function approvalRequirement(
  plan: Pick<RotationPlan, 'clusters'>,
  config: ApprovalConfig,
): ApprovalRequirement | undefined {
  const seen = new Map<string, { name: string; approvers: string[] }>();
  let expiresAfterMs = Infinity;
  for (const cluster of plan.clusters) {
    const policy = policyOf(config, cluster.environment);
    if (!policy) continue;
    const name = cluster.environment ?? 'default';
    if (!seen.has(name)) seen.set(name, { name, approvers: policy.approvers });
    expiresAfterMs = Math.min(expiresAfterMs, policy.expiresAfterMs);
  }
  if (seen.size === 0) return undefined;
  return {
    environments: [...seen.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    ),
    expiresAfterMs,
  };
}

/** Every approver group of the requirement, once. */
export function approverGroups(requirement: ApprovalRequirement): string[] {
  return [...new Set(requirement.environments.flatMap(e => e.approvers))];
}

/** A member of an approver group of every protected environment the plan reaches. */
export function isApprover(
  requirement: ApprovalRequirement,
  ownershipEntityRefs: string[],
): boolean {
  return requirement.environments.every(e =>
    e.approvers.some(group => ownershipEntityRefs.includes(group)),
  );
}

/**
 * A rotation waits for a second person unless its requester is an approver of every protected
 * environment it reaches (an approver's own rotation needs nobody else's word).
 */
export function needsApproval(
  requirement: ApprovalRequirement | undefined,
  ownershipEntityRefs: string[],
): boolean {
  return !!requirement && !isApprover(requirement, ownershipEntityRefs);
}

export function expiresAt(row: Pick<RotationRow, 'createdAt'>, ms: number) {
  return new Date(Date.parse(row.createdAt) + ms).toISOString();
}

export function isExpired(
  row: Pick<RotationRow, 'createdAt'>,
  requirement: ApprovalRequirement | undefined,
  now: number,
): boolean {
  return (
    !!requirement &&
    Date.parse(row.createdAt) + requirement.expiresAfterMs <= now
  );
}

/**
 * Who may decide: never the requester, only a member of an approver group of every protected
 * environment, only while the rotation awaits approval. Throws the error the caller gets.
 */
export function assertMayDecide(
  row: Pick<RotationRow, 'id' | 'state' | 'requestedBy'>,
  requirement: ApprovalRequirement | undefined,
  user: { userEntityRef: string; ownershipEntityRefs: string[] },
): void {
  if (row.state !== 'awaiting-approval')
    throw new ConflictError(
      `Rotation ${row.id} is ${row.state}; only a rotation awaiting approval can be approved or denied`,
    );
  if (row.requestedBy === user.userEntityRef)
    throw new NotAllowedError(
      `You requested rotation ${row.id}; four-eyes approval needs another approver`,
    );
  if (requirement && !isApprover(requirement, user.ownershipEntityRefs))
    throw new NotAllowedError(
      `Only members of ${requirement.environments
        .map(e => `${e.approvers.join(' or ')} (${e.name})`)
        .join(' and ')} may approve or deny rotation ${row.id}`,
    );
}
