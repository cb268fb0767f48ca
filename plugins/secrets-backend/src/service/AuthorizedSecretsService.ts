import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  secretsEntityReadPermission,
  secretsFleetReadPermission,
  secretsStoreRevalidatePermission,
  type FleetQuery,
  type RevalidateRequest,
} from '@internal/plugin-secrets-common';
import type { SecretsService, ServiceOptions } from './types';

/** Same interface, each operation behind its permission (catalog-backend's pattern). */
export class AuthorizedSecretsService implements SecretsService {
  constructor(
    private readonly inner: SecretsService,
    private readonly permissions: PermissionsService,
  ) {}

  async getEntitySecrets(ref: CompoundEntityRef, options: ServiceOptions) {
    await this.#require(
      secretsEntityReadPermission,
      options,
      stringifyEntityRef(ref),
    );
    return this.inner.getEntitySecrets(ref, options);
  }

  async getFleet(query: FleetQuery, options: ServiceOptions) {
    await this.#require(secretsFleetReadPermission, options);
    return this.inner.getFleet(query, options);
  }

  async revalidateStores(request: RevalidateRequest, options: ServiceOptions) {
    await this.#require(secretsStoreRevalidatePermission, options);
    return this.inner.revalidateStores(request, options);
  }

  async #require(
    permission: BasicPermission | ResourcePermission,
    { credentials }: ServiceOptions,
    resourceRef?: string,
  ) {
    const [decision] = resourceRef
      ? await this.permissions.authorize(
          [{ permission: permission as ResourcePermission, resourceRef }],
          { credentials },
        )
      : await this.permissions.authorize(
          [{ permission: permission as BasicPermission }],
          { credentials },
        );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }
}
