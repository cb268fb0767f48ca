export type {
  RotationPolicyContext,
  RotationPolicyRule,
} from '@secrets-plugin/plugin-secrets-node';

/** Policy settings of one environment (`secrets.rotation.environments.<env>`), all optional. */
export interface EnvironmentPolicy {
  /** What an unhealthy store or an unreachable cluster does to a rotation. Default `deny`. */
  storeHealthGate?: 'deny' | 'warn';
  /** Minimum time between two rotations of the same key. */
  cooldownMs?: number;
  /** Cron (UTC) + duration: no rotation while a window is open. */
  freezeWindows?: Array<{ cron: string; durationMs: number; reason?: string }>;
  blastRadius?: { maxClusters?: number; maxWorkloads?: number };
}

/**
 * A tenant's own policy (`secrets.tenants[].policy`), over the environments' settings for its keys:
 * `all` in every environment, `environments.<env>` in one (the more specific wins, field by field).
 */
export interface TenantPolicy {
  minReasonLength?: number;
  all: EnvironmentPolicy;
  environments: Record<string, EnvironmentPolicy>;
}

/** A tenant: an owner group and the Vault locations its keys may live in. */
export interface TenantConfig {
  owner: string;
  policy?: TenantPolicy;
  vault: Array<{
    /** `secrets.vault[].name` or the server URL. */
    server: string;
    namespace?: string;
    /** `<mount>/<path prefix>`, e.g. `secret/payments/`. */
    paths: string[];
  }>;
}

export interface RotationPolicyConfig {
  tenants: TenantConfig[];
  minReasonLength: number;
  /** Settings per cluster environment; `default` applies where an environment has none. */
  environments: Record<string, EnvironmentPolicy>;
}

export const allow = (message: string) =>
  ({ outcome: 'allow', message } as const);
export const deny = (message: string) =>
  ({ outcome: 'deny', message } as const);
export const warn = (message: string) =>
  ({ outcome: 'warn', message } as const);

/** The tenant whose key a rotation is: the first configured tenant among the entity's owners. */
export function tenantOf(
  config: Pick<RotationPolicyConfig, 'tenants'>,
  entityOwners: readonly string[] | undefined,
): TenantConfig | undefined {
  if (!entityOwners?.length) return undefined;
  return config.tenants.find(t => entityOwners.includes(t.owner));
}

/** Only the settings given, so a tenant's unset field leaves the environment's in place. */
function given(policy: EnvironmentPolicy | undefined): EnvironmentPolicy {
  return Object.fromEntries(
    Object.entries(policy ?? {}).filter(([, v]) => v !== undefined),
  );
}

/**
 * The settings that apply to an environment (its own, else `default`), with the owning tenant's
 * policy over them: its `all`, then its entry for the environment.
 */
export function environmentPolicy(
  config: RotationPolicyConfig,
  environment: string | undefined,
  entityOwners?: readonly string[],
): EnvironmentPolicy {
  const base =
    (environment !== undefined
      ? config.environments[environment]
      : undefined) ??
    config.environments.default ??
    {};
  const policy = tenantOf(config, entityOwners)?.policy;
  if (!policy) return base;
  return {
    ...base,
    ...given(policy.all),
    ...given(
      environment !== undefined ? policy.environments[environment] : undefined,
    ),
  };
}

/** "a, b and 3 more": names in a message stay readable on large fleets. */
export function listNames(names: string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
