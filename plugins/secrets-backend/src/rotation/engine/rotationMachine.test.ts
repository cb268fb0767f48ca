import type { RotationState } from '@secrets-plugin/plugin-secrets-common';
import {
  finalState,
  nextSteps,
  phaseOf,
  type MachineTarget,
} from './rotationMachine';

const t = (cluster: string, state: MachineTarget['state']): MachineTarget => ({
  cluster,
  state,
});

describe('nextSteps', () => {
  it.each<[string, RotationState, MachineTarget[], unknown[]]>([
    ['waits for approval', 'awaiting-approval', [], []],
    [
      'writes a planned rotation first',
      'planned',
      [t('a', 'pending')],
      [{ kind: 'write' }],
    ],
    [
      'confirms a write it was interrupted in',
      'writing',
      [t('a', 'pending')],
      [{ kind: 'confirm-write' }],
    ],
    [
      'syncs, verifies and restarts clusters side by side',
      'syncing',
      [
        t('a', 'pending'),
        t('b', 'verifying'),
        t('c', 'restarting'),
        t('d', 'landed'),
      ],
      [
        { kind: 'sync', cluster: 'a' },
        { kind: 'verify', cluster: 'b' },
        { kind: 'restart', cluster: 'c' },
      ],
    ],
    [
      're-sends the force-sync of a cluster found syncing after a crash',
      'verifying',
      [t('a', 'syncing')],
      [{ kind: 'sync', cluster: 'a' }],
    ],
    [
      'finishes when every cluster is done',
      'restarting',
      [t('a', 'landed'), t('b', 'landed')],
      [{ kind: 'finish', state: 'succeeded' }],
    ],
    [
      'finishes partially when one cluster timed out',
      'verifying',
      [t('a', 'landed'), t('b', 'timed-out')],
      [{ kind: 'finish', state: 'partially-failed' }],
    ],
    [
      'fails when no cluster landed',
      'verifying',
      [t('a', 'failed')],
      [{ kind: 'finish', state: 'failed' }],
    ],
    ['does nothing once terminal', 'succeeded', [t('a', 'landed')], []],
    [
      'does nothing once interrupted (a person must look)',
      'interrupted',
      [t('a', 'pending')],
      [],
    ],
    ['does nothing once cancelled', 'cancelled', [t('a', 'pending')], []],
  ])('%s', (_, state, targets, steps) => {
    expect(nextSteps({ state, targets })).toEqual(steps);
  });
});

describe('phaseOf', () => {
  it.each<[MachineTarget[], string | undefined]>([
    [[t('a', 'pending'), t('b', 'restarting')], 'syncing'],
    [[t('a', 'verifying'), t('b', 'restarting')], 'verifying'],
    [[t('a', 'landed'), t('b', 'restarting')], 'restarting'],
    [[t('a', 'landed'), t('b', 'failed')], undefined],
  ])('%j → %s', (targets, phase) => {
    expect(phaseOf(targets)).toBe(phase);
  });
});

describe('finalState', () => {
  it('succeeds only when every cluster landed', () => {
    expect(finalState([t('a', 'landed')])).toBe('succeeded');
    expect(finalState([t('a', 'landed'), t('b', 'failed')])).toBe(
      'partially-failed',
    );
    expect(finalState([t('a', 'timed-out')])).toBe('failed');
  });
});
