import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  planCluster,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import {
  approvalRequirement,
  assertMayDecide,
  isExpired,
  needsApproval,
} from './approvalRules';
import type { ApprovalConfig } from './types';

const HOUR = 3_600_000;
const config: ApprovalConfig = {
  environments: {
    prod: { approvers: ['group:default/platform'], expiresAfterMs: 24 * HOUR },
    pci: { approvers: ['group:default/security'], expiresAfterMs: 2 * HOUR },
    dev: undefined,
  },
};
const plan = rotationPlan({
  clusters: [
    planCluster({ cluster: 'prod-eu', environment: 'prod' }),
    planCluster({ cluster: 'dev-eu', environment: 'dev' }),
  ],
});
const alice = {
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-payments'],
};
const bob = {
  userEntityRef: 'user:default/bob',
  ownershipEntityRefs: ['user:default/bob', 'group:default/platform'],
};
const waiting = {
  id: 'r1',
  state: 'awaiting-approval' as const,
  requestedBy: alice.userEntityRef,
};

describe('approvalRequirement', () => {
  it('names the protected environments a plan reaches, with the shortest expiry', () => {
    expect(
      approvalRequirement(
        rotationPlan({
          clusters: [
            ...plan.clusters,
            planCluster({ cluster: 'pci-1', environment: 'pci' }),
          ],
        }),
        config,
      ),
    ).toEqual({
      environments: [
        { name: 'pci', approvers: ['group:default/security'] },
        { name: 'prod', approvers: ['group:default/platform'] },
      ],
      expiresAfterMs: 2 * HOUR,
    });
  });

  it('none for unprotected environments; `default` only for environments without an entry', () => {
    const dev = rotationPlan({
      clusters: [planCluster({ cluster: 'dev-eu', environment: 'dev' })],
    });
    expect(approvalRequirement(dev, config)).toBeUndefined();
    const withDefault: ApprovalConfig = {
      environments: {
        ...config.environments,
        default: { approvers: ['group:default/platform'], expiresAfterMs: 1 },
      },
    };
    // dev has its own entry without approval: still unprotected
    expect(approvalRequirement(dev, withDefault)).toBeUndefined();
    const staging = rotationPlan({
      clusters: [planCluster({ cluster: 's', environment: 'staging' })],
    });
    expect(approvalRequirement(staging, config)).toBeUndefined();
    expect(
      approvalRequirement(staging, withDefault)?.environments.map(e => e.name),
    ).toEqual(['staging']);
  });
});

describe('needsApproval', () => {
  const requirement = approvalRequirement(plan, config);

  it('an outsider waits; an approver of every protected environment does not', () => {
    expect(needsApproval(requirement, alice.ownershipEntityRefs)).toBe(true);
    expect(needsApproval(requirement, bob.ownershipEntityRefs)).toBe(false);
    expect(needsApproval(undefined, alice.ownershipEntityRefs)).toBe(false);
  });

  it('an approver of one protected environment only still waits for the other', () => {
    const both = approvalRequirement(
      rotationPlan({
        clusters: [
          ...plan.clusters,
          planCluster({ cluster: 'pci-1', environment: 'pci' }),
        ],
      }),
      config,
    );
    expect(needsApproval(both, bob.ownershipEntityRefs)).toBe(true);
  });
});

describe('assertMayDecide', () => {
  const requirement = approvalRequirement(plan, config);

  it('lets another member of the approver group decide', () => {
    expect(() => assertMayDecide(waiting, requirement, bob)).not.toThrow();
  });

  it('never the requester, even one in the approver group', () => {
    const requester = {
      ...alice,
      ownershipEntityRefs: [
        ...alice.ownershipEntityRefs,
        'group:default/platform',
      ],
    };
    expect(() => assertMayDecide(waiting, requirement, requester)).toThrow(
      new NotAllowedError(
        'You requested rotation r1; four-eyes approval needs another approver',
      ),
    );
  });

  it('not someone outside the approver groups', () => {
    const carol = {
      userEntityRef: 'user:default/carol',
      ownershipEntityRefs: [
        'user:default/carol',
        'group:default/team-payments',
      ],
    };
    expect(() => assertMayDecide(waiting, requirement, carol)).toThrow(
      new NotAllowedError(
        'Only members of group:default/platform (prod) may approve or deny rotation r1',
      ),
    );
  });

  it('only while the rotation awaits approval', () => {
    for (const state of ['planned', 'expired', 'rejected'] as const)
      expect(() =>
        assertMayDecide({ ...waiting, state }, requirement, bob),
      ).toThrow(ConflictError);
  });
});

describe('isExpired', () => {
  const requirement = approvalRequirement(plan, config);
  const row = { createdAt: '2026-12-01T10:00:00.000Z' };

  it('is due exactly expiresAfter after the request, not before', () => {
    const created = Date.parse(row.createdAt);
    expect(isExpired(row, requirement, created + 24 * HOUR - 1)).toBe(false);
    expect(isExpired(row, requirement, created + 24 * HOUR)).toBe(true);
    expect(isExpired(row, undefined, created + 1000 * HOUR)).toBe(false);
  });
});
