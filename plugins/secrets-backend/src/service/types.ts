import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntitySecretsResponse,
  FleetQuery,
  FleetResponse,
  RevalidateRequest,
  RevalidateResponse,
} from '@internal/plugin-secrets-common';

export interface ServiceOptions {
  credentials: BackstageCredentials;
}

/** The plugin's domain operations; the router calls exactly one per request. */
export interface SecretsService {
  getEntitySecrets(
    ref: CompoundEntityRef,
    options: ServiceOptions,
  ): Promise<EntitySecretsResponse>;
  getFleet(query: FleetQuery, options: ServiceOptions): Promise<FleetResponse>;
  revalidateStores(
    request: RevalidateRequest,
    options: ServiceOptions,
  ): Promise<RevalidateResponse>;
}
