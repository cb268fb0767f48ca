import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { CronTime } from 'cron';
import type {
  EnvironmentPolicy,
  RotationPolicyConfig,
  TenantConfig,
  TenantPolicy,
} from '../rotation/policy/types';
import { readApprovalConfig } from '../rotation/approval/readApprovalConfig';
import type { ApprovalConfig } from '../rotation/approval/types';
import { readScheduleConfig } from '../rotation/schedule/readScheduleConfig';
import type { RotationSchedule } from '../rotation/schedule/types';

/** `secrets.tenants` and `secrets.rotation`, read once at start-up. */
export interface RotationConfig {
  policy: RotationPolicyConfig;
  /** The rotator of a key listed without one in `secrets.backstage.io/rotate`. */
  defaultRotator: string;
  /** How long each cluster may take to prove the new version landed. */
  verifyTimeoutMs: number;
  /** How long a restarted workload may take to complete its rollout. */
  restartTimeoutMs: number;
  /** Four-eyes approval per environment. */
  approval: ApprovalConfig;
  /** `secrets.rotation.schedules`. */
  schedules: RotationSchedule[];
  /** How often the scheduled-rotation task looks for due keys. */
  scheduleIntervalMs: number;
}

function ms(config: Config, key: string, fallback: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}

function readEnvironment(env: Config, at: string): EnvironmentPolicy {
  const gate = env.getOptionalString('storeHealthGate');
  if (gate !== undefined && gate !== 'deny' && gate !== 'warn')
    throw new Error(
      `Invalid config at ${at}.storeHealthGate: '${gate}', expected deny or warn`,
    );
  const policy: EnvironmentPolicy = {
    storeHealthGate: gate as EnvironmentPolicy['storeHealthGate'],
  };
  if (env.has('cooldown')) policy.cooldownMs = ms(env, 'cooldown', 0);
  const windows = env.getOptionalConfigArray('freezeWindows');
  if (windows) {
    policy.freezeWindows = windows.map((w, i) => {
      const cron = w.getString('cron');
      try {
        // validates now, so a typo stops start-up instead of failing every rotation
        new CronTime(cron, 'UTC').sendAt();
      } catch (error) {
        throw new Error(
          `Invalid config at ${at}.freezeWindows[${i}].cron: ${
            (error as Error).message
          }`,
        );
      }
      return {
        cron,
        durationMs: durationToMilliseconds(
          readDurationFromConfig(w, { key: 'duration' }),
        ),
        reason: w.getOptionalString('reason'),
      };
    });
  }
  const radius = env.getOptionalConfig('blastRadius');
  if (radius) {
    policy.blastRadius = {
      maxClusters: radius.getOptionalNumber('maxClusters'),
      maxWorkloads: radius.getOptionalNumber('maxWorkloads'),
    };
  }
  return policy;
}

/** `secrets.tenants[].policy`: the environment settings for every environment, then per environment. */
function readTenantPolicy(policy: Config, at: string): TenantPolicy {
  const environments: Record<string, EnvironmentPolicy> = {};
  const envs = policy.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? [])
    environments[name] = readEnvironment(
      envs!.getConfig(name),
      `${at}.environments.${name}`,
    );
  const minReasonLength = policy.getOptionalNumber('minReasonLength');
  if (
    minReasonLength !== undefined &&
    !(Number.isInteger(minReasonLength) && minReasonLength >= 0)
  )
    throw new Error(
      `Invalid config at ${at}.minReasonLength: ${minReasonLength}, expected a whole number of characters`,
    );
  return {
    minReasonLength,
    all: readEnvironment(policy, at),
    environments,
  };
}

function readTenant(t: Config, at: string): TenantConfig {
  const owner = t.getString('owner');
  if (!/^group:[^/]+\/.+$/.test(owner))
    throw new Error(
      `Invalid config at ${at}.owner: '${owner}', expected a group entity ref such as group:default/team-payments`,
    );
  const policy = t.getOptionalConfig('policy');
  return {
    owner,
    ...(policy ? { policy: readTenantPolicy(policy, `${at}.policy`) } : {}),
    vault: t.getConfigArray('vault').map(v => ({
      server: v.getString('server'),
      namespace: v.getOptionalString('namespace'),
      paths: v.getStringArray('paths'),
    })),
  };
}

export function readRotationConfig(root: Config): RotationConfig {
  const section = root.getOptionalConfig('secrets');
  const rotation = section?.getOptionalConfig('rotation');
  const environments: Record<string, EnvironmentPolicy> = {};
  const envs = rotation?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    environments[name] = readEnvironment(
      envs!.getConfig(name),
      `secrets.rotation.environments.${name}`,
    );
  }
  return {
    policy: {
      tenants: (section?.getOptionalConfigArray('tenants') ?? []).map((t, i) =>
        readTenant(t, `secrets.tenants[${i}]`),
      ),
      minReasonLength: rotation?.getOptionalNumber('minReasonLength') ?? 10,
      environments,
    },
    defaultRotator: rotation?.getOptionalString('defaultRotator') ?? 'random',
    verifyTimeoutMs: rotation
      ? ms(rotation, 'verifyTimeout', 300_000)
      : 300_000,
    restartTimeoutMs: rotation
      ? ms(rotation, 'restartTimeout', 600_000)
      : 600_000,
    approval: readApprovalConfig(envs),
    schedules: readScheduleConfig(rotation),
    scheduleIntervalMs: rotation
      ? ms(rotation, 'scheduleInterval', 300_000)
      : 300_000,
  };
}
