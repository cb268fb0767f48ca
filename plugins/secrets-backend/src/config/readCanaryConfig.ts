import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { VaultSecretRef } from '../vault';

/** The canary object whose target Secret must change after each write. */
export type CanaryTarget =
  | { kind: 'ExternalSecret'; namespace: string; name: string }
  | { kind: 'ClusterExternalSecret'; name: string };

/** `secrets.canary`, read once at start-up; undefined when no canary is configured. */
export interface CanaryConfig {
  frequencyMs: number;
  /** How long each cluster may take to show the new value in the canary's target Secret. */
  timeoutMs: number;
  /** The canary's Vault key, and the property written (the ExternalSecret's remoteRef property). */
  vault: VaultSecretRef & { property: string };
  target: CanaryTarget;
  /** The clusters probed; undefined = every configured cluster. */
  clusters?: string[];
}

const AT = 'secrets.canary';

function ms(config: Config, key: string, fallback: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}

export function readCanaryConfig(root: Config): CanaryConfig | undefined {
  const canary = root.getOptionalConfig(AT);
  if (!canary) return undefined;
  const vault = canary.getConfig('vault');
  const es = canary.getOptionalConfig('externalSecret');
  const ces = canary.getOptionalString('clusterExternalSecret');
  if (Boolean(es) === Boolean(ces))
    throw new Error(
      `Invalid config at ${AT}: set exactly one of externalSecret or clusterExternalSecret`,
    );
  const frequencyMs = ms(canary, 'schedule', 5 * 60_000);
  const timeoutMs = ms(canary, 'timeout', Math.min(2 * 60_000, frequencyMs));
  if (frequencyMs <= 0 || timeoutMs <= 0)
    throw new Error(
      `Invalid config at ${AT}: schedule and timeout must be positive`,
    );
  return {
    frequencyMs,
    timeoutMs,
    vault: {
      server: vault.getString('server'),
      namespace: vault.getOptionalString('namespace'),
      mount: vault.getString('mount'),
      key: vault.getString('path'),
      property: vault.getString('key'),
    },
    target: es
      ? {
          kind: 'ExternalSecret',
          namespace: es.getString('namespace'),
          name: es.getString('name'),
        }
      : { kind: 'ClusterExternalSecret', name: ces! },
    clusters: canary.getOptionalStringArray('clusters'),
  };
}
