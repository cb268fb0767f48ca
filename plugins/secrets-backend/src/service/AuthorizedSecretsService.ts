import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  secretsEntityReadPermission,
  secretsFleetReadPermission,
  secretsStoreRevalidatePermission,
  type FleetQuery,
  type RevalidateRequest,
} from '@secrets-plugin/plugin-secrets-common';
import { unreadableEntityError } from './entityErrors';
import { readableSecretsEntities } from './readableEntities';
import type { FleetOptions, SecretsService, ServiceOptions } from './types';

/** Same interface, each operation behind its permission (catalog-backend's pattern). */
export class AuthorizedSecretsService implements SecretsService {
  constructor(
    private readonly inner: SecretsService,
    private readonly permissions: PermissionsService,
    private readonly catalog: CatalogService,
  ) {}

  async getEntitySecrets(ref: CompoundEntityRef, options: ServiceOptions) {
    await this.#authorizeEntityRead(ref, options);
    return this.inner.getEntitySecrets(ref, options);
  }

  /** The summary is the entity's rows counted: the same permission, the same refusal. */
  async getEntitySecretsSummary(
    ref: CompoundEntityRef,
    options: ServiceOptions,
  ) {
    await this.#authorizeEntityRead(ref, options);
    return this.inner.getEntitySecretsSummary(ref, options);
  }

  async #authorizeEntityRead(ref: CompoundEntityRef, options: ServiceOptions) {
    const resourceRef = stringifyEntityRef(ref);
    const [decision] = await this.permissions.authorize(
      [{ permission: secretsEntityReadPermission, resourceRef }],
      { credentials: options.credentials },
    );
    // the same 404 as an unknown entity: a 403 would tell that the entity exists
    if (decision.result !== AuthorizeResult.ALLOW)
      throw unreadableEntityError(resourceRef);
  }

  /**
   * The whole fleet with `secrets.fleet.read`; otherwise only what the user's entity tabs would
   * show them: the rows, counts and stores of the entities they may read the secrets of.
   */
  async getFleet(query: FleetQuery, options: FleetOptions) {
    if (await this.#allowed(secretsFleetReadPermission, options))
      return this.inner.getFleet(query, options);
    const entities = await readableSecretsEntities(
      this.catalog,
      this.permissions,
      options,
    );
    return this.inner.getFleet(query, {
      credentials: options.credentials,
      scope: { entities },
    });
  }

  async revalidateStores(request: RevalidateRequest, options: ServiceOptions) {
    if (!(await this.#allowed(secretsStoreRevalidatePermission, options)))
      throw new NotAllowedError(
        `Missing permission ${secretsStoreRevalidatePermission.name}`,
      );
    return this.inner.revalidateStores(request, options);
  }

  async #allowed(
    permission: BasicPermission,
    { credentials }: ServiceOptions,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }
}
