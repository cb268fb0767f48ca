/*
 * @internal/fleet-sim: dev/test-only simulator of Kubernetes clusters running External Secrets
 * Operator, Reloader and Deployments, plus a Vault server, all speaking their real wire
 * protocols. Plugin code never imports this package at runtime; tests and the dev harness do.
 */
export { startFleet, SCENARIOS } from './fleet/startFleet';
export type { FleetHandle, FleetOptions } from './fleet/startFleet';
export { FleetCluster } from './fleet/FleetCluster';
export { FleetClock } from './fleet/FleetClock';
export type {
  FleetAppConfig,
  ClusterConfigEntry,
  VaultConfigEntry,
} from './fleet/appConfig';
export { PLUGIN_RULES, PLUGIN_SERVICE_ACCOUNT } from './fleet/pluginAccess';
export type { StoreLocator } from './fleet/storeAuthFaults';

export { demoScenario } from './scenarios/demo';
export { scaleScenario } from './scenarios/scale';
export type {
  Scenario,
  ScenarioContext,
  ClusterPlan,
  ClusterAccess,
} from './scenarios/types';

export { EsoController } from './eso/EsoController';
export type { EsoOptions, EsoContext } from './eso/EsoContext';
export {
  resourceVersionOf,
  secretDataHash,
  ownerLabelValue,
} from './eso/hashes';
export { parseGoDuration, formatGoDuration } from './eso/go/goDuration';

export { RolloutController } from './workloads/RolloutController';
export { Reloader } from './workloads/Reloader';
export { rolloutStatusMessage } from './workloads/rolloutStatus';

export { createKubeApiServer } from './kube/createKubeApiServer';
export type {
  KubeApiServerHandle,
  KubeApiServerOptions,
} from './kube/createKubeApiServer';
export { startVaultServer } from './vault';
export type { VaultServerHandle, VaultEngine } from './vault';
export { SimClock } from './clock/SimClock';
export { main as runCli } from './cli';
