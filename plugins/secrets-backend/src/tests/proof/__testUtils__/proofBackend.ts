/*
 * The proof suite's starter: the demo fleet, and the plugin as the backend runs it
 * (startTestBackend) with the demo's users, a permission service that decides like the demo's
 * policy, every emission captured (captures.ts) and every HTTP exchange recorded.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../../../plugin';
import { demoEntities, eventually } from '../../../__testUtils__/demoFleet';
import { Captured, RECORDING_ROTATOR } from './captures';
import type { ScannedText } from './LeakScanner';

/** The demo's people and the group each is a member of (catalog/org.yaml). */
export const DEMO_USERS = {
  alice: 'team-payments',
  bob: 'team-payments',
  sam: 'team-search',
  pat: 'platform-team',
} as const;
export type DemoUser = keyof typeof DEMO_USERS;
export const PLATFORM = 'group:default/platform-team';

export const userRef = (user: string) => `user:default/${user}`;
const groupOf = (ref: string): string | undefined =>
  DEMO_USERS[ref.replace('user:default/', '') as DemoUser];
const ownershipOf = (ref: string) =>
  groupOf(ref) ? [ref, `group:default/${groupOf(ref)}`] : [ref];

/** The demo's tenants (app-config.yaml `secrets.tenants`). */
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

const ownerOf = (resourceRef: string) =>
  demoEntities.find(e => stringifyEntityRef(e) === resourceRef)?.spec?.owner as
    | string
    | undefined;

/**
 * Decides like packages/backend's SecretsPermissionPolicy: entity read and rotate by catalog
 * ownership (conditional for the fleet page's batched query), fleet read and revalidation for the
 * platform team, everything else (approve included) allowed.
 */
const demoPermissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) => {
    const user = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const claims = user ? ownershipOf(user) : [];
    return requests.map((r: any) => {
      const name = r.permission.name as string;
      let allowed = true;
      if (name === 'secrets.entity.read' || name === 'secrets.entity.rotate') {
        const owner = ownerOf(r.resourceRef);
        allowed =
          owner !== undefined &&
          claims.includes(
            owner.includes(':') ? owner : `group:default/${owner}`,
          );
      } else if (
        name === 'secrets.fleet.read' ||
        name === 'secrets.store.revalidate'
      )
        allowed = claims.includes(PLATFORM);
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
  authorizeConditional: async requests =>
    requests.map((r: any) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
      permission: r.permission,
    })) as any,
});

const demoUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return { userEntityRef: ref, ownershipEntityRefs: ownershipOf(ref) };
    },
  }),
});

export interface Exchange {
  method: string;
  path: string;
  user: string;
  status: number;
  headers: Record<string, unknown>;
  text: string;
  body: any;
}

export interface ProofBackend {
  fleet: FleetHandle;
  captured: Captured;
  exchanges: Exchange[];
  /** One request as `user` (a demo user name); a body is sent as JSON. */
  call(
    user: string,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body?: unknown,
    options?: { contentType?: string; raw?: string },
  ): Promise<Exchange>;
  /** An MCP action through the actions registry's HTTP route. */
  invoke(user: string, action: string, input: unknown): Promise<Exchange>;
  /** Every recorded exchange as scanner text: status line, headers and body. */
  httpTexts(): ScannedText[];
  stop(): Promise<void>;
}

export async function startProofBackend(
  options: { rotation?: Record<string, unknown> } = {},
): Promise<ProofBackend> {
  const fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
  const captured = new Captured();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  try {
    backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
              tenants: DEMO_TENANTS,
              rotation: {
                minReasonLength: 10,
                verifyTimeout: { seconds: 60 },
                defaultRotator: RECORDING_ROTATOR,
                ...options.rotation,
              },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        demoPermissions.factory,
        demoUserInfo,
        ...captured.features(),
      ],
    });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  const exchanges: Exchange[] = [];

  const call: ProofBackend['call'] = async (
    user,
    method,
    path,
    body,
    callOptions = {},
  ) => {
    let req = request(backend.server)
      [method](`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(userRef(user)));
    const payload =
      callOptions.raw ??
      (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined)
      req = req
        .set('Content-Type', callOptions.contentType ?? 'application/json')
        .send(payload);
    const res = await req;
    const exchange: Exchange = {
      method: method.toUpperCase(),
      path,
      user,
      status: res.status,
      headers: res.headers,
      text: res.text ?? '',
      body: res.body,
    };
    exchanges.push(exchange);
    return exchange;
  };

  await eventually(async () => {
    const res = await call('pat', 'get', '/fleet');
    return res.body.clusters?.every((c: any) => c.state === 'connected');
  }, 30_000);

  return {
    fleet,
    captured,
    exchanges,
    call,
    invoke: (user, action, input) =>
      call(
        user,
        'post',
        `/.backstage/actions/v1/actions/secrets:${action}/invoke`,
        input,
      ),
    httpTexts: () =>
      exchanges.map((e, i) => ({
        kind: 'http',
        where: `#${i} ${e.user} ${e.method} ${e.path.slice(0, 120)} ${
          e.status
        }`,
        text: `${JSON.stringify(e.headers)}\n${e.text}`,
      })),
    async stop() {
      await backend.stop();
      await fleet.stop();
      await captured.knex.destroy();
    },
  };
}

/** Waits until a rotation has finished (any terminal state). */
export async function finished(
  backend: ProofBackend,
  user: string,
  id: string,
  timeoutMs = 90_000,
): Promise<any> {
  return eventually(async () => {
    const res = await backend.call(user, 'get', `/rotations/${id}`);
    return res.body.finishedAt ? res.body : undefined;
  }, timeoutMs);
}
