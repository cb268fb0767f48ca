import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
  type PermissionCondition,
} from '@backstage/plugin-permission-common';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  secretsEntityReadPermission,
  secretsEntityRotatePermission,
  secretsFleetReadPermission,
  secretsStoreRevalidatePermission,
} from '@secrets-plugin/plugin-secrets-common';
import { SecretsPermissionPolicy } from './SecretsPermissionPolicy';

const catalogDir = path.resolve(__dirname, '../../../../../catalog');
/** The example catalog, with the ownedBy relations the catalog's processors derive from spec.owner. */
const entities: Entity[] = ['entities.yaml', 'org.yaml'].flatMap(file =>
  parseAllDocuments(fs.readFileSync(path.join(catalogDir, file), 'utf8')).map(
    d => {
      const e = d.toJS() as Entity;
      const owner = e.spec?.owner as string | undefined;
      if (owner) {
        const targetRef = stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        );
        e.relations = [{ type: RELATION_OWNED_BY, targetRef }];
      }
      return e;
    },
  ),
);
const entity = (name: string) => entities.find(e => e.metadata.name === name)!;

/** Ownership as the catalog resolves it for the example users (user + the groups it is member of). */
function ownershipOf(userName: string): string[] {
  const user = entity(userName);
  const groups = (user.spec?.memberOf as string[]).map(
    g => `group:default/${g}`,
  );
  return [`user:default/${userName}`, ...groups];
}

function policyFor(userName: string) {
  const userInfo = mockServices.userInfo({
    userEntityRef: `user:default/${userName}`,
    ownershipEntityRefs: ownershipOf(userName),
  });
  const policy = new SecretsPermissionPolicy({
    platformRefs: ['group:default/platform-team'],
    userInfo,
  });
  const user = {
    credentials: mockCredentials.user(`user:default/${userName}`),
    info: {
      userEntityRef: `user:default/${userName}`,
      ownershipEntityRefs: [],
    },
  };
  return (permission: any) => policy.handle({ permission }, user);
}

/** Evaluates a catalog conditional decision against an entity the way the catalog does. */
function applyCatalogCondition(
  decision: ConditionalPolicyDecision,
  target: Entity,
) {
  const condition = decision.conditions as PermissionCondition;
  const rule = Object.values(permissionRules).find(
    r => r.name === condition.rule,
  )!;
  return rule.apply(target, condition.params as any);
}

describe('SecretsPermissionPolicy', () => {
  it('lets an owner of payments-api rotate its secrets, and not team-search', async () => {
    const asAlice = await policyFor('alice')(secretsEntityRotatePermission);
    const asSam = await policyFor('sam')(secretsEntityRotatePermission);

    expect(asAlice.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(asSam.result).toBe(AuthorizeResult.CONDITIONAL);
    const paymentsApi = entity('payments-api');
    expect(
      applyCatalogCondition(asAlice as ConditionalPolicyDecision, paymentsApi),
    ).toBe(true);
    expect(
      applyCatalogCondition(asSam as ConditionalPolicyDecision, paymentsApi),
    ).toBe(false);
    // and the other way round for team-search's component
    const indexer = entity('search-indexer');
    expect(
      applyCatalogCondition(asSam as ConditionalPolicyDecision, indexer),
    ).toBe(true);
    expect(
      applyCatalogCondition(asAlice as ConditionalPolicyDecision, indexer),
    ).toBe(false);
  });

  it('decides entity reads through the catalog as well', async () => {
    const decision = (await policyFor('bob')(
      secretsEntityReadPermission,
    )) as ConditionalPolicyDecision;
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
    });
    expect(applyCatalogCondition(decision, entity('ledger-worker'))).toBe(true);
  });

  it('allows store revalidation to the platform team only', async () => {
    expect(await policyFor('pat')(secretsStoreRevalidatePermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policyFor('alice')(secretsStoreRevalidatePermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows the fleet-wide view to the platform team only', async () => {
    expect(await policyFor('pat')(secretsFleetReadPermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    for (const user of ['alice', 'bob', 'sam'])
      expect(await policyFor(user)(secretsFleetReadPermission)).toEqual({
        result: AuthorizeResult.DENY,
      });
  });

  it('allows other permissions, like a default app', async () => {
    expect(
      await policyFor('sam')({
        type: 'basic',
        name: 'catalog.entity.create',
        attributes: { action: 'create' },
      }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
