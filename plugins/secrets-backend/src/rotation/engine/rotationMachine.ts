import {
  isTerminalRotationState,
  type RotationState,
  type RotationTargetState,
} from '@secrets-plugin/plugin-secrets-common';

/*
 * The rotation's state machine as pure functions of the stored record, so the runner can stop at
 * any point (crash, deploy, lost lease) and another replica continues from what is stored. Every
 * step is idempotent by construction: the Vault write is a check-and-set on the planned version,
 * and annotation values are derived from the rotation id.
 */

export interface MachineTarget {
  cluster: string;
  state: RotationTargetState;
}

export interface MachineRecord {
  state: RotationState;
  targets: MachineTarget[];
}

export type RotationStep =
  /** planned → writing: generate the values and write the new version (cas = planned version). */
  | { kind: 'write' }
  /**
   * Found in `writing`: the backend stopped during the write. Decide from Vault's metadata
   * whether our version landed (custom_metadata carries the rotation id) before anything else.
   */
  | { kind: 'confirm-write' }
  /** Force-sync every ExternalSecret of the cluster that reads the key. */
  | { kind: 'sync'; cluster: string }
  /** Wait until the cluster proves the new version landed (or times out). */
  | { kind: 'verify'; cluster: string }
  /** Restart the consumers nothing else restarts, and wait for their rollouts. */
  | { kind: 'restart'; cluster: string }
  | { kind: 'finish'; state: 'succeeded' | 'partially-failed' | 'failed' };

const DONE: ReadonlySet<RotationTargetState> = new Set([
  'landed',
  'failed',
  'timed-out',
]);

/** How a rotation ends once every cluster is done. */
export function finalState(
  targets: MachineTarget[],
): 'succeeded' | 'partially-failed' | 'failed' {
  const landed = targets.filter(t => t.state === 'landed').length;
  if (landed === targets.length) return 'succeeded';
  return landed > 0 ? 'partially-failed' : 'failed';
}

/**
 * The rotation-level state that summarises its clusters: the least advanced phase any unfinished
 * cluster is in (a rotation is "verifying" while one cluster still is).
 */
export function phaseOf(
  targets: MachineTarget[],
): 'syncing' | 'verifying' | 'restarting' | undefined {
  const open = targets.filter(t => !DONE.has(t.state));
  if (open.some(t => t.state === 'pending' || t.state === 'syncing'))
    return 'syncing';
  if (open.some(t => t.state === 'verifying')) return 'verifying';
  if (open.some(t => t.state === 'restarting')) return 'restarting';
  return undefined;
}

/** What may run now; steps for different clusters run side by side. */
export function nextSteps(record: MachineRecord): RotationStep[] {
  const { state, targets } = record;
  if (isTerminalRotationState(state) || state === 'awaiting-approval')
    return [];
  if (state === 'planned') return [{ kind: 'write' }];
  if (state === 'writing') return [{ kind: 'confirm-write' }];
  const steps: RotationStep[] = [];
  for (const t of targets) {
    // a cluster found `syncing` may not have had its force-sync sent: sending it again is a no-op
    // patch when it was (the value is the rotation id)
    if (t.state === 'pending' || t.state === 'syncing')
      steps.push({ kind: 'sync', cluster: t.cluster });
    else if (t.state === 'verifying')
      steps.push({ kind: 'verify', cluster: t.cluster });
    else if (t.state === 'restarting')
      steps.push({ kind: 'restart', cluster: t.cluster });
  }
  return steps.length
    ? steps
    : [{ kind: 'finish', state: finalState(targets) }];
}
