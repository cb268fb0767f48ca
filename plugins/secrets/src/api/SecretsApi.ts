import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntitySecretsResponse,
  FleetQuery,
  FleetResponse,
  HealthResponse,
  RevalidateRequest,
  RevalidateResponse,
} from '@internal/plugin-secrets-common';

/** Typed client of the secrets backend. @public */
export interface SecretsApi {
  getHealth(): Promise<HealthResponse>;
  getEntitySecrets(entityRef: string): Promise<EntitySecretsResponse>;
  getFleet(query?: Partial<FleetQuery>): Promise<FleetResponse>;
  revalidateStores(request: RevalidateRequest): Promise<RevalidateResponse>;
}

/** @public */
export const secretsApiRef = createApiRef<SecretsApi>({
  id: 'plugin.secrets.service',
});
