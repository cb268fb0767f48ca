import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import type {
  EntitySecretsResponse,
  EntitySecretsSummary,
  FleetQuery,
  FleetResponse,
  RevalidateRequest,
  RevalidateResponse,
} from '@secrets-plugin/plugin-secrets-common';

export interface ServiceOptions {
  credentials: BackstageCredentials;
}

/**
 * Limits the fleet view to the ExternalSecrets these entities match (the same matching as their
 * Secrets tabs): rows, counts and stores. Absent: the whole fleet.
 */
export interface FleetScope {
  entities: Entity[];
}

export interface FleetOptions extends ServiceOptions {
  scope?: FleetScope;
}

/** The plugin's domain operations; the router calls exactly one per request. */
export interface SecretsService {
  getEntitySecrets(
    ref: CompoundEntityRef,
    options: ServiceOptions,
  ): Promise<EntitySecretsResponse>;
  /** What the overview card shows: counts, worst status and the row it names, without rows. */
  getEntitySecretsSummary(
    ref: CompoundEntityRef,
    options: ServiceOptions,
  ): Promise<EntitySecretsSummary>;
  getFleet(query: FleetQuery, options: FleetOptions): Promise<FleetResponse>;
  revalidateStores(
    request: RevalidateRequest,
    options: ServiceOptions,
  ): Promise<RevalidateResponse>;
}
