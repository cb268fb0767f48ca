import type {
  RotationClusterProgress,
  RotationDetail,
  RotationTargetState,
} from '@secrets-plugin/plugin-secrets-common';

/** One step of a cluster's rotation: written to Vault, synced, verified, restarted. */
export interface TimelineStep {
  step: 'written' | 'syncing' | 'verified' | 'restarted';
  label: string;
  status: 'done' | 'active' | 'failed' | 'not-reached' | 'not-needed';
  /** When it was done (or failed), where the backend records it. */
  at?: string;
  note?: string;
}

const ORDER: RotationTargetState[] = [
  'pending',
  'syncing',
  'verifying',
  'restarting',
  'landed',
];

/**
 * A cluster's steps from what `GET /rotations/:id` records: the Vault write (its event), the
 * force-sync (the cluster's start), the proof (write + propagation: when the new data-hash was
 * observed) and the restart (the cluster's finish, when the rotation restarts something there).
 * A failed cluster fails at the first step it has no proof of.
 */
export function clusterTimeline(
  rotation: Pick<RotationDetail, 'plan' | 'events' | 'versionAfter'>,
  c: RotationClusterProgress,
): TimelineStep[] {
  const writtenAt =
    rotation.events.find(e => e.type === 'written')?.at ?? c.startedAt;
  const verifiedAt =
    c.propagationSeconds !== undefined
      ? new Date(
          Date.parse(writtenAt) + c.propagationSeconds * 1000,
        ).toISOString()
      : undefined;
  const ours =
    rotation.plan.clusters
      .find(p => p.cluster === c.cluster)
      ?.workloads.filter(w => w.restartedBy === 'us') ?? [];
  const failed = c.state === 'failed' || c.state === 'timed-out';
  // a failed cluster stopped at the first step it has no proof of
  const failedAt = verifiedAt ? 'restarting' : 'verifying';
  const reached = ORDER.indexOf(failed ? failedAt : c.state);
  const status = (index: number): TimelineStep['status'] => {
    if (reached > index) return 'done';
    if (reached < index) return 'not-reached';
    return failed ? 'failed' : 'active';
  };
  const failure = failed
    ? { at: c.finishedAt ?? c.updatedAt, note: c.reason }
    : {};

  const syncStatus = verifiedAt ? 'done' : status(1);
  const verifiedStatus = verifiedAt ? 'done' : status(2);
  const restartedStatus: TimelineStep['status'] =
    ours.length === 0 && !(failed && verifiedAt) ? 'not-needed' : status(3);
  return [
    {
      step: 'written',
      label: 'Written to Vault',
      status: 'done',
      at: writtenAt,
      note:
        rotation.versionAfter !== undefined
          ? `version ${rotation.versionAfter}`
          : undefined,
    },
    {
      step: 'syncing',
      label: 'Force-synced',
      status: syncStatus,
      // the cluster starts with the force-sync; only a finished step has a time
      at: syncStatus === 'done' ? c.startedAt : undefined,
    },
    {
      step: 'verified',
      label: 'Verified (new data in the target Secret)',
      status: verifiedStatus,
      ...(verifiedStatus === 'failed' ? failure : { at: verifiedAt }),
    },
    {
      step: 'restarted',
      label: 'Restarted',
      status: restartedStatus,
      ...(restartedStatus === 'failed'
        ? failure
        : {
            at: restartedStatus === 'done' ? c.finishedAt : undefined,
            note:
              restartedStatus === 'not-needed'
                ? 'nothing for the rotation to restart here'
                : ours
                    .map(w => `${w.kind} ${w.namespace}/${w.name}`)
                    .join(', '),
          }),
    },
  ];
}
