import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  secretsEntityReadPermission,
  secretsEntityRotatePermission,
  secretsFleetReadPermission,
  secretsStoreRevalidatePermission,
} from '@secrets-plugin/plugin-secrets-common';

/** Who may act on the whole fleet, as ownership refs (users or groups). */
export interface SecretsPermissionPolicyOptions {
  platformRefs: string[];
  userInfo: UserInfoService;
}

/**
 * The demo's policy. Secrets of an entity are readable and rotatable by the entity's owners,
 * decided by the catalog (`isEntityOwner` as a conditional decision, so the ownership graph stays
 * the catalog's). Fleet-wide reads (every tenant's failing secrets and their causes) and store
 * revalidation (which touches every tenant) are the platform team's; everyone else's fleet page
 * shows only their own entities' rows. Everything else is allowed, as in a default Backstage app.
 */
export class SecretsPermissionPolicy implements PermissionPolicy {
  readonly #platformRefs: Set<string>;
  readonly #userInfo: UserInfoService;

  constructor(options: SecretsPermissionPolicyOptions) {
    this.#platformRefs = new Set(options.platformRefs);
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user
      ? (await this.#userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];

    if (
      isPermission(request.permission, secretsEntityReadPermission) ||
      isPermission(request.permission, secretsEntityRotatePermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }

    if (
      isPermission(request.permission, secretsFleetReadPermission) ||
      isPermission(request.permission, secretsStoreRevalidatePermission)
    ) {
      return claims.some(ref => this.#platformRefs.has(ref))
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
