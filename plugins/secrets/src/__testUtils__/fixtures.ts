import type { Entity } from '@backstage/catalog-model';
import type { PermissionApi } from '@backstage/plugin-permission-react';
import type {
  EntitySecretsResponse,
  ExternalSecretRow,
  FleetResponse,
  SecretGroup,
  VaultCoordinates,
} from '@secrets-plugin/plugin-secrets-common';
import { summarizeEntitySecrets } from '@secrets-plugin/plugin-secrets-common';
import type { SecretsApi } from '../api';

/** A catalog entity shaped like the example catalog's components. */
export function makeEntity(
  annotations: Record<string, string> = {},
  name = 'payments-api',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      owner: 'group:default/team-payments',
      type: 'service',
      lifecycle: 'production',
    },
  };
}

export function emptyEntityResponse(entityRef: string): EntitySecretsResponse {
  return {
    entityRef,
    generatedAt: new Date(0).toISOString(),
    groups: [],
    clusters: [],
    errors: [],
    vaultServers: [],
    storeAdvice: [],
  };
}

export function emptyFleetResponse(): FleetResponse {
  return {
    generatedAt: new Date(0).toISOString(),
    clusters: [],
    stores: [],
    failing: { items: [], totalCount: 0, offset: 0, limit: 50 },
    errors: [],
    vaultServers: [],
  };
}

export function mockSecretsApi(
  overrides: Partial<SecretsApi> = {},
): jest.Mocked<SecretsApi> {
  const api = {
    getHealth: jest.fn(async () => ({ status: 'ok' as const })),
    getEntitySecrets: jest.fn(async (ref: string) => emptyEntityResponse(ref)),
    getFleet: jest.fn(async () => emptyFleetResponse()),
    revalidateStores: jest.fn(async req => ({
      dryRun: req.dryRun,
      results: [],
    })),
    listRotations: jest.fn(async () => ({
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 100,
    })),
    proposeRotation: jest.fn(async () => {
      throw new Error('proposeRotation is not mocked');
    }),
    startRotation: jest.fn(async () => {
      throw new Error('startRotation is not mocked');
    }),
    getRotation: jest.fn(async () => {
      throw new Error('getRotation is not mocked');
    }),
    proposeRollback: jest.fn(async () => {
      throw new Error('proposeRollback is not mocked');
    }),
    startRollback: jest.fn(async () => {
      throw new Error('startRollback is not mocked');
    }),
    cancelRotation: jest.fn(async () => {
      throw new Error('cancelRotation is not mocked');
    }),
    getFleetRotations: jest.fn(async () => ({
      inFlight: [],
      failed: [],
      since: '2026-11-30T12:00:00.000Z',
    })),
    listPendingApprovals: jest.fn(async () => ({ items: [] })),
    getRotationApproval: jest.fn(async () => {
      throw new Error('getRotationApproval is not mocked');
    }),
    decideRotation: jest.fn(async () => {
      throw new Error('decideRotation is not mocked');
    }),
    ...overrides,
  } as jest.Mocked<SecretsApi>;
  // the backend counts the summary from the entity's answer with the same function; the
  // mock's implementation is called directly, so a test still counts the tab's own requests
  if (!overrides.getEntitySecretsSummary) {
    const rows = api.getEntitySecrets;
    const answer = jest.isMockFunction(rows)
      ? rows.getMockImplementation() ?? rows
      : rows;
    api.getEntitySecretsSummary = jest.fn(async (ref: string) =>
      summarizeEntitySecrets(await answer(ref)),
    );
  }
  return api;
}

/** A healthy, periodic ExternalSecret; override what a test is about. */
export function makeRow(
  overrides: Partial<ExternalSecretRow> = {},
): ExternalSecretRow {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name: 'db-credentials',
    status: 'Synced',
    store: {
      cluster: overrides.cluster ?? 'prod-eu',
      kind: 'ClusterSecretStore',
      name: 'vault',
      health: { ready: true },
    },
    refreshPolicy: 'Periodic',
    refreshInterval: '1h',
    lastSyncAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    takesEffect: {
      reason: 'next-refresh',
      // half a minute over 55m: ages are floored, so a slow render still reads "in 55m"
      at: new Date(Date.now() + 55.5 * 60_000).toISOString(),
      forceSyncHelps: true,
    },
    forceSync: { supported: true, blockers: [] },
    target: { name: 'db-credentials', exists: true },
    consumers: [
      {
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        restartedBy: 'Reloader',
      },
    ],
    pushedBy: [],
    ...overrides,
  };
}

export function makeGroup(
  id: string,
  rows: ExternalSecretRow[],
  vault: Partial<VaultCoordinates> = {},
): SecretGroup {
  return {
    id,
    vault: {
      server: 'https://vault.example:8200',
      mount: 'secret',
      kvVersion: 'v2',
      key: id,
      ...vault,
    },
    rows,
  };
}

export function entityResponse(
  groups: SecretGroup[],
  extra: Partial<EntitySecretsResponse> = {},
): EntitySecretsResponse {
  return {
    ...emptyEntityResponse('component:default/payments-api'),
    generatedAt: new Date().toISOString(),
    groups,
    ...extra,
  };
}

/** A permission API that answers every request with `result`. */
export function permissionApi(
  decide: (name: string) => 'ALLOW' | 'DENY',
): PermissionApi {
  return {
    authorize: async (request: { permission: { name: string } }) => ({
      result: decide(request.permission.name),
    }),
  } as unknown as PermissionApi;
}

/** Two clusters, one failing store and `failingCount` failing ExternalSecrets (the first page). */
export function fleetResponse(failingCount = 3): FleetResponse {
  const now = Date.now();
  const counts = {
    Synced: 10,
    Error: 2,
    Stale: 0,
    StoreNotReady: 1,
    Missing: 0,
    Pending: 0,
  };
  return {
    generatedAt: new Date(now).toISOString(),
    clusters: [
      { name: 'prod-eu', state: 'connected', esoApiVersion: 'v1', counts },
      {
        name: 'prod-us',
        state: 'degraded',
        esoApiVersion: 'v1beta1',
        counts,
        staleSeconds: 120,
      },
    ],
    stores: [
      {
        cluster: 'prod-eu',
        kind: 'SecretStore',
        namespace: 'payments',
        name: 'vault-payments',
        dependents: 4,
        health: {
          ready: false,
          reason: 'InvalidProviderConfig',
          since: new Date(now - 3_600_000).toISOString(),
          cause: 'permission denied: role payments not found',
        },
        vaultServer: 'https://vault.example:8200',
        vaultServerName: 'vault-main',
        advice: {
          action: 'revalidate',
          message:
            'Vault vault-main is healthy again; ESO is in backoff and has not retried this store. Revalidate fixes it now.',
          nextRetryAt: new Date(now + 12 * 60_000).toISOString(),
        },
      },
      {
        cluster: 'prod-us',
        kind: 'SecretStore',
        namespace: 'search',
        name: 'vault-search',
        dependents: 2,
        health: {
          ready: false,
          reason: 'ValidationFailed',
          cause: 'Vault is sealed',
        },
        vaultServer: 'https://vault-dr.example:8200',
        vaultServerName: 'vault-dr',
        advice: {
          action: 'wait-for-vault',
          message:
            'Vault vault-dr is sealed: the store recovers once it is unsealed.',
        },
      },
      {
        cluster: 'prod-us',
        kind: 'ClusterSecretStore',
        name: 'vault',
        dependents: 9,
        health: { ready: true },
      },
    ],
    failing: {
      items: Array.from({ length: failingCount }, (_, i) =>
        makeRow({ name: `failing-${i}`, status: 'Error', cause: `cause ${i}` }),
      ),
      totalCount: 120,
      offset: 0,
      limit: 50,
    },
    errors: [],
    vaultServers: [
      {
        name: 'vault-main',
        url: 'https://vault.example:8200',
        state: 'active',
        since: new Date(now - 600_000).toISOString(),
        checkedAt: new Date(now).toISOString(),
      },
      {
        name: 'vault-dr',
        url: 'https://vault-dr.example:8200',
        state: 'sealed',
        since: new Date(now - 1_200_000).toISOString(),
        checkedAt: new Date(now).toISOString(),
      },
    ],
  };
}
