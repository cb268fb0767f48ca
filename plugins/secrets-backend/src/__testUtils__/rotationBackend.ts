/*
 * One starter for the tests that drive rotations through the plugin as a backend runs it
 * (startTestBackend, the plugin's least-privilege Vault token and ClusterRole) against a fleet-sim
 * fleet over HTTP. A test may hand in its own database (a knex), so a second backend can start on
 * the same rows after the first stopped, or run beside it, as a restarted or second replica would.
 */
import {
  coreServices,
  createServiceFactory,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import { isTerminalRotationState } from '@secrets-plugin/plugin-secrets-common';
import type { FleetHandle } from '@internal/fleet-sim';
import type { Knex } from 'knex';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from './demoFleet';

export const ALICE = 'user:default/alice';

/** The demo's tenants: team-payments owns its three components' Vault paths. */
export const DEMO_TENANTS = [
  {
    owner: 'group:default/team-payments',
    vault: [
      {
        server: 'vault',
        namespace: 'team-payments',
        paths: [
          'secret/payments-api/',
          'secret/checkout-web/',
          'secret/ledger-worker/',
        ],
      },
    ],
  },
  {
    owner: 'group:default/team-search',
    vault: [{ server: 'vault', namespace: 'team-search', paths: ['secret/'] }],
  },
];

export interface RotationBackendOptions {
  fleet: FleetHandle;
  /** `secrets.rotation`; a one-minute verify timeout unless given. */
  rotation?: Record<string, unknown>;
  /** `secrets.tenants`; the demo's unless given. */
  tenants?: unknown[];
  /** Merged over `secrets` last (e.g. other Vault credentials). */
  secrets?: Record<string, unknown>;
  /** The plugin's database; a fresh in-memory SQLite of the backend's own otherwise. */
  knex?: Knex;
  /** Users' groups, as the catalog would resolve them at sign-in. */
  groups?: Record<string, string[]>;
  /** Replaces the allow-everything permissions service (a decision per user). */
  permissions?: ServiceFactory;
  features?: ServiceFactory[];
}

export interface RotationBackend {
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** Every response body, for leak scans. */
  bodies: string[];
  signals: SignalPayload[];
  notifications: NotificationSendOptions[];
  call(
    method: 'get' | 'post',
    path: string,
    body?: unknown,
    user?: string,
  ): Promise<request.Response>;
  /** The SecretGroup id of `key` on the entity's tab. */
  groupOf(entity: string, key: string): Promise<string>;
  /** A real (not dry-run) rotation request; the response as the API gives it. */
  rotate(
    entity: string,
    key: string,
    extra?: Record<string, unknown>,
  ): Promise<request.Response>;
  /** GET /rotations/:id once it reached `predicate` (default: a terminal state). */
  waitFor(
    id: string,
    predicate?: (rotation: any) => boolean,
    timeoutMs?: number,
  ): Promise<any>;
  /** Runs the plugin's resume task now (the test scheduler runs tasks only at start-up). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRotationBackend(
  options: RotationBackendOptions,
): Promise<RotationBackend> {
  const { fleet } = options;
  const bodies: string[] = [];
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  const groups = options.groups ?? {
    [ALICE]: ['group:default/team-payments'],
  };
  // the mock scheduler runs every task once at start-up (as a fresh backend would), then only
  // when triggered; its instance is kept to trigger the resume task
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      secretsPlugin,
      (scheduler as unknown as { factory(): ServiceFactory }).factory(),
      mockServices.rootConfig.factory({
        data: {
          ...fleet.appConfig,
          secrets: {
            ...fleet.appConfig.secrets,
            tenants: options.tenants ?? DEMO_TENANTS,
            rotation: options.rotation ?? { verifyTimeout: { seconds: 60 } },
            ...options.secrets,
          },
        } as any,
      }),
      catalogServiceMock.factory({ entities: demoEntities }),
      options.permissions ?? mockServices.permissions.factory(),
      ...(options.knex
        ? [
            mockServices.database.factory({
              knex: options.knex,
            }) as ServiceFactory,
          ]
        : []),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const ref = credentials.principal.userEntityRef as string;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
            };
          },
        }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) => {
            signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (sent: NotificationSendOptions) => {
            notifications.push(sent);
          },
        }),
      }),
      ...(options.features ?? []),
    ],
  });
  const { server } = backend;

  const call: RotationBackend['call'] = async (
    method,
    path,
    body,
    user = ALICE,
  ) => {
    const req = request(server)
      [method](`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user));
    const res =
      body === undefined
        ? await req
        : await req
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
    bodies.push(res.text);
    return res;
  };

  const groupOf = async (entity: string, key: string) => {
    const res = await call(
      'get',
      `/entities/default/component/${entity}/secrets`,
    );
    const group = res.body.groups?.find((g: any) => g.vault.key === key);
    if (!group) throw new Error(`${entity} has no group for ${key}`);
    return group.id as string;
  };

  await eventually(async () => {
    const res = await call('get', '/fleet');
    return res.body.clusters?.every((c: any) => c.state === 'connected');
  }, 30_000);

  return {
    server,
    bodies,
    signals,
    notifications,
    call,
    groupOf,
    rotate: async (entity, key, extra = {}) =>
      call('post', '/rotations', {
        entityRef: `component:default/${entity}`,
        groupId: await groupOf(entity, key),
        reason: 'rotation under a fault',
        dryRun: false,
        ...extra,
      }),
    waitFor: (
      id,
      predicate = r => isTerminalRotationState(r.state),
      timeoutMs = 90_000,
    ) =>
      eventually(async () => {
        const res = await call('get', `/rotations/${id}`);
        return res.status === 200 && predicate(res.body) ? res.body : undefined;
      }, timeoutMs),
    resume: () => scheduler.triggerTask('secrets-rotation-resume'),
    stop: () => backend.stop(),
  };
}

/** A key of the demo's Vault as fleet-sim holds it (versions and values, for assertions). */
export function vaultKey(
  fleet: FleetHandle,
  path: string,
  namespace = 'team-payments',
) {
  return fleet.vault.engine.readSecret({ namespace, mount: 'secret', path });
}

/** How many times fleet-sim's Vault was sent `method` on `apiPath` (e.g. `PATCH secret/data/x`). */
export function vaultRequests(fleet: FleetHandle, key: string): number {
  return fleet.vault.requestCounts()[key] ?? 0;
}
