/**
 * The life of a rotation, shared by the backend's state machine, its database rows and the UI.
 * Metadata only: nothing here names or holds a secret value.
 */

/**
 * States of one rotation (or rollback) of one Vault key, in the order a successful one passes them.
 * `awaiting-approval` sits before `planned` in protected environments (four-eyes).
 * @public
 */
export const rotationStates = [
  'awaiting-approval',
  'planned',
  'writing',
  'syncing',
  'verifying',
  'restarting',
  'succeeded',
  'partially-failed',
  'failed',
  'cancelled',
  'rejected',
  'expired',
  'interrupted',
] as const;
/** @public */
export type RotationState = (typeof rotationStates)[number];

/**
 * States a rotation never leaves. `interrupted` is terminal on purpose: the backend stopped where
 * it could not tell whether the Vault write landed, and a person must look before anything is
 * written again.
 * @public
 */
export const terminalRotationStates: readonly RotationState[] = [
  'succeeded',
  'partially-failed',
  'failed',
  'cancelled',
  'rejected',
  'expired',
  'interrupted',
];

/** @public */
export function isTerminalRotationState(state: RotationState): boolean {
  return terminalRotationStates.includes(state);
}

/**
 * Progress of a rotation in one cluster: the force-sync is sent, ESO's re-sync is verified
 * (refreshTime after the write, Ready, data-hash changed), consumers nothing else restarts are
 * restarted, and the cluster has landed; or it failed or timed out with a reason.
 * @public
 */
export const rotationTargetStates = [
  'pending',
  'syncing',
  'verifying',
  'restarting',
  'landed',
  'failed',
  'timed-out',
] as const;
/** @public */
export type RotationTargetState = (typeof rotationTargetStates)[number];

/** @public */
export type RotationKind = 'rotation' | 'rollback';

/** How the rotation was started. @public */
export type RotationTrigger = 'user' | 'schedule' | 'action';
