/*
 * GET /fleet/rotations is scoped like GET /fleet, through the plugin as the backend runs it:
 * alice (secrets.fleet.read here) sees a rotation of payments-api in flight; sam, who may read
 * only search-indexer's secrets, does not, and cannot read its approval either.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import {
  ALICE,
  startRotationBackend,
  type RotationBackend,
} from '../__testUtils__/rotationBackend';

jest.setTimeout(120_000);

const SAM = 'user:default/sam';

/** alice may do everything; sam reads search-indexer only, through an ownership condition. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], options: any) {
      const user = options.credentials.principal.userEntityRef;
      return requests.map(r => ({
        result:
          user === ALICE ||
          (r.permission.name === 'secrets.entity.read' &&
            r.resourceRef === 'component:default/search-indexer')
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests: any[], options: any) {
      const user = options.credentials.principal.userEntityRef;
      return requests.map(() =>
        user === ALICE
          ? { result: AuthorizeResult.ALLOW }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [SAM, 'group:default/team-search'] },
              },
            },
      );
    },
  }),
}) as any;

describe('GET /fleet/rotations across the demo fleet', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({
      fleet,
      permissions,
      groups: {
        [ALICE]: ['group:default/team-payments'],
        [SAM]: ['group:default/team-search'],
      },
      rotation: {
        verifyTimeout: { seconds: 60 },
        // a prod rotation waits for approval: in flight for as long as the test needs
        environments: {
          prod: {
            approval: {
              approvers: ['group:default/platform'],
              expiresAfter: { hours: 1 },
            },
          },
        },
      },
    });
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  it('lists the rotation for the fleet reader and not for a user who may not read its entity', async () => {
    const started = await b.rotate('payments-api', 'payments-api/db');
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('awaiting-approval');
    const id = started.body.id;

    const alice = await b.call('get', '/fleet/rotations', undefined, ALICE);
    expect(alice.status).toBe(200);
    expect(alice.body.inFlight.map((r: any) => r.id)).toEqual([id]);
    expect(alice.body.inFlight[0]).toMatchObject({
      entityRef: 'component:default/payments-api',
      vault: { mount: 'secret', path: 'payments-api/db' },
    });

    const sam = await b.call('get', '/fleet/rotations', undefined, SAM);
    expect(sam.status).toBe(200);
    expect(sam.body).toEqual({
      inFlight: [],
      failed: [],
      since: expect.any(String),
    });
    const approval = await b.call(
      'get',
      `/rotations/${id}/approval`,
      undefined,
      SAM,
    );
    expect(approval.status).toBe(404);
    expect(approval.body.error.message).toBe(
      `No rotation ${id}, or you may not read its entity's secrets`,
    );
  });
});
