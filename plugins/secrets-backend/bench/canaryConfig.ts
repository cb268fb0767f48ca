/*
 * `secrets.canary` for the rotation benchmark's fleet (rotationScenario.ts): the root namespace's
 * `platform/canary`, proven through the ExternalSecret every cluster has. The schedule is a day so
 * that only the benchmark's triggers run a probe (the test scheduler runs nothing by itself).
 */
import { CANARY } from './rotationScenario';

export const CANARY_TASK = 'secrets-canary';

/** The table the plugin's CanaryStore writes (migrations/). */
export const CANARY_TABLE = 'secrets_canary_probes';

export const canaryConfig = (timeoutSeconds: number) => ({
  schedule: { hours: 24 },
  timeout: { seconds: timeoutSeconds },
  vault: {
    server: 'vault',
    mount: CANARY.mount,
    path: CANARY.key,
    key: CANARY.property,
  },
  externalSecret: { namespace: CANARY.namespace, name: CANARY.externalSecret },
});
