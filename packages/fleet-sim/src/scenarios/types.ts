/*
 * What a scenario gets to seed a fleet: each cluster's store and API server coordinates, and the
 * Vault admin engine. Scenarios write objects the way GitOps would (through the store, so CRD
 * defaulting and validation apply) and Vault state through its in-process admin API.
 */
import type { ClusterStore } from '../kube/types';
import type { VaultEngine } from '../vault';
import type { EsoOptions } from '../eso/EsoContext';
import type { ServiceAccountTokenIssuer } from '../eso/vault/kubeCredentials';

export type Environment = 'dev' | 'prod';
/**
 * ESO API versions a cluster serves: current ESO, an old one (< 0.16) with v1beta1 only, or none
 * (ESO not installed: the external-secrets.io group is absent).
 */
export type EsoFlavour = 'v1' | 'v1beta1-only' | 'none';

export interface ClusterPlan {
  name: string;
  environment: Environment;
  eso: EsoFlavour;
}

export interface ClusterAccess extends ClusterPlan {
  url: string;
  caPem?: string;
  store: ClusterStore;
  issueServiceAccountToken: ServiceAccountTokenIssuer;
}

export interface ScenarioContext {
  /** Simulated now, epoch milliseconds. */
  now(): number;
  clusters: ClusterAccess[];
  vault: {
    url: string;
    rootToken: string;
    caPem?: string;
    engine: VaultEngine;
  };
}

/** What seeding hands back to the fleet. */
export interface SeedResult {
  /** The token the Backstage plugin talks to Vault with; the root token when absent. */
  pluginVaultToken?: string;
}

export interface ScenarioOptions {
  clusters?: number;
  perCluster?: number;
}

export interface Scenario {
  readonly name: string;
  /** ESO controller flags this estate runs with (the fleet's options override them). */
  readonly eso?: EsoOptions;
  /** Watch events each API server retains; large seeds keep it small to bound memory. */
  readonly watchHistorySize?: number;
  plan(options: ScenarioOptions): ClusterPlan[];
  /** Seeds Vault and every cluster before the controllers start. */
  seed(
    ctx: ScenarioContext,
    options: ScenarioOptions,
  ): Promise<SeedResult | void> | SeedResult | void;
  /**
   * Plays history after the controllers start, e.g. an outage, with `warp` moving simulated
   * time forward instantly and `vault` faults at hand.
   */
  history?(ctx: ScenarioContext & HistoryControls): Promise<void>;
  /**
   * How much simulated time `history` warps through. The fleet's clock starts that far in the
   * past, so that once history is played the simulated clock agrees with the wall clock and the
   * timestamps a UI shows ("synced 2 minutes ago") are not in the future.
   */
  readonly historyDurationMs?: number;
}

export interface HistoryControls {
  warp(ms: number): Promise<void>;
  vaultDown(): Promise<void>;
  vaultUp(): Promise<void>;
}

export function esoApiVersion(flavour: EsoFlavour): string {
  return flavour === 'v1'
    ? 'external-secrets.io/v1'
    : 'external-secrets.io/v1beta1';
}
