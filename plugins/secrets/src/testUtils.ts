import type { Entity } from '@backstage/catalog-model';
import type {
  EntitySecretsResponse,
  FleetResponse,
} from '@internal/plugin-secrets-common';
import type { SecretsApi } from './api';

/** A catalog entity shaped like the example catalog's components. */
export function makeEntity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', annotations },
    spec: { owner: 'group:default/team-payments', type: 'service', lifecycle: 'production' },
  };
}

export function emptyEntityResponse(entityRef: string): EntitySecretsResponse {
  return { entityRef, generatedAt: new Date(0).toISOString(), groups: [], clusters: [], errors: [] };
}

export function emptyFleetResponse(): FleetResponse {
  return {
    generatedAt: new Date(0).toISOString(),
    clusters: [],
    stores: [],
    failing: { items: [], totalCount: 0, offset: 0, limit: 50 },
    errors: [],
  };
}

export function mockSecretsApi(overrides: Partial<SecretsApi> = {}): jest.Mocked<SecretsApi> {
  return {
    getHealth: jest.fn(async () => ({ status: 'ok' as const })),
    getEntitySecrets: jest.fn(async (ref: string) => emptyEntityResponse(ref)),
    getFleet: jest.fn(async () => emptyFleetResponse()),
    revalidateStores: jest.fn(async req => ({ dryRun: req.dryRun, results: [] })),
    ...overrides,
  } as jest.Mocked<SecretsApi>;
}
