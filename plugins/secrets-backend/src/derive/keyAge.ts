import type {
  KeyAge,
  KeySchedule,
} from '@secrets-plugin/plugin-secrets-common';
import { isDue } from '../rotation/schedule/dueness';
import type { RotationSchedule } from '../rotation/schedule/types';

/** What Vault's KV v2 metadata says about a key's current version (times, never data). */
export interface KeyVersionFacts {
  currentVersion: number;
  /** `created_time` of the current version; absent when Vault has pruned or never kept it. */
  currentVersionCreatedAt?: string;
  updatedAt?: string;
  /** When the backend read it from Vault. */
  checkedAt: number;
}

/**
 * The age of a key's current version against its schedule. Overdue is the scheduler's own
 * dueness rule applied to the version alone (a rotation that ended without a new version does
 * not make the key younger); a key whose version time is unknown is not flagged.
 */
export function keyAge(input: {
  facts?: KeyVersionFacts;
  /** Why there are no facts (KV v1, Vault's error). */
  error?: string;
  checkedAt?: number;
  schedule?: RotationSchedule;
  now: number;
}): KeyAge {
  const { facts, schedule, now } = input;
  const checkedAt = facts?.checkedAt ?? input.checkedAt;
  const age: KeyAge = {
    overdue: false,
    ...(schedule && { schedule: wireSchedule(schedule) }),
    ...(checkedAt !== undefined && {
      checkedAt: new Date(checkedAt).toISOString(),
    }),
    ...(input.error !== undefined && { error: input.error }),
  };
  if (!facts) return age;
  age.currentVersion = facts.currentVersion;
  if (facts.updatedAt) age.updatedAt = facts.updatedAt;
  const created = facts.currentVersionCreatedAt;
  const createdMs = created ? Date.parse(created) : NaN;
  if (!Number.isFinite(createdMs)) return age;
  age.versionCreatedAt = created;
  age.ageSeconds = Math.max(0, Math.floor((now - createdMs) / 1000));
  if (schedule) {
    age.dueAt = new Date(createdMs + schedule.everyMs).toISOString();
    age.overdue = isDue({
      everyMs: schedule.everyMs,
      currentVersionCreatedAt: created,
      now,
    });
  }
  return age;
}

function wireSchedule(schedule: RotationSchedule): KeySchedule {
  return {
    every: schedule.every,
    everySeconds: Math.round(schedule.everyMs / 1000),
    source: schedule.path === undefined ? 'annotation' : 'config',
    ...(schedule.path !== undefined && { path: schedule.path }),
  };
}
