/*
 * Condition bookkeeping shared by the ExternalSecret and store controllers
 * (SetExternalSecretCondition in pkg/controllers/externalsecret/util.go and secretstore/util.go):
 * an identical condition is left untouched; a changed reason/message with the same status keeps
 * the old lastTransitionTime; only a status flip moves it.
 */
import type { Condition } from './types';

export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(c => c.type === type);
}

export function setCondition(
  conditions: Condition[] | undefined,
  next: Condition,
): Condition[] {
  const current = findCondition(conditions, next.type);
  if (
    current &&
    current.status === next.status &&
    current.reason === next.reason &&
    current.message === next.message
  ) {
    return conditions ?? [];
  }
  const condition = { ...next };
  if (current && current.status === next.status)
    condition.lastTransitionTime = current.lastTransitionTime;
  return [...(conditions ?? []).filter(c => c.type !== next.type), condition];
}

/** A Ready condition shaped like ESO's NewExternalSecretCondition / NewSecretStoreCondition. */
export function readyCondition(
  status: boolean,
  reason: string,
  message: string,
  now: string,
): Condition {
  return {
    type: 'Ready',
    status: status ? 'True' : 'False',
    reason,
    message,
    lastTransitionTime: now,
  };
}
