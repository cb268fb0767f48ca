import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  secretsEntityReadPermission,
  secretsFleetReadPermission,
  secretsEntityRotatePermission,
  type RollbackRequest,
  type RotationHistoryQuery,
  type RotationRequest,
} from '@secrets-plugin/plugin-secrets-common';
import type { RotationStore } from '../database/RotationStore';
import { unreadableEntityError } from '../service/entityErrors';
import { readableSecretsEntities } from '../service/readableEntities';
import type { RotationService, RotationServiceOptions } from './types';

/**
 * Same interface, each operation behind the entity's permissions. Someone who may not read the
 * entity learns nothing (the same 404 as a missing entity or rotation id); someone who may read
 * but not rotate is told which permission is missing.
 */
export class AuthorizedRotationService implements RotationService {
  constructor(
    private readonly inner: RotationService,
    private readonly permissions: PermissionsService,
    private readonly store: Pick<RotationStore, 'get'>,
    private readonly catalog: CatalogService,
  ) {}

  async propose(request: RotationRequest, options: RotationServiceOptions) {
    await this.#mayRotate(request.entityRef, options);
    return this.inner.propose(request, options);
  }

  async start(request: RotationRequest, options: RotationServiceOptions) {
    await this.#mayRotate(request.entityRef, options);
    return this.inner.start(request, options);
  }

  async proposeRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ) {
    await this.#mayRotate(await this.#entityOf(id, options), options);
    return this.inner.proposeRollback(id, request, options);
  }

  async startRollback(
    id: string,
    request: RollbackRequest,
    options: RotationServiceOptions,
  ) {
    await this.#mayRotate(await this.#entityOf(id, options), options);
    return this.inner.startRollback(id, request, options);
  }

  async cancel(id: string, options: RotationServiceOptions) {
    await this.#mayRotate(await this.#entityOf(id, options), options);
    return this.inner.cancel(id, options);
  }

  /**
   * The entity's readers, and the platform team (`secrets.fleet.read`): they see every rotation
   * on the fleet page already, and a rotation holds no value, so its detail tells them no more.
   */
  async get(id: string, options: RotationServiceOptions) {
    if (!(await this.#mayReadFleet(options))) await this.#entityOf(id, options);
    return this.inner.get(id, options);
  }

  async listForEntity(
    ref: CompoundEntityRef,
    query: RotationHistoryQuery,
    options: RotationServiceOptions,
  ) {
    const entityRef = stringifyEntityRef(ref);
    if (!(await this.#may(secretsEntityReadPermission, entityRef, options)))
      throw unreadableEntityError(entityRef);
    return this.inner.listForEntity(ref, query, options);
  }

  /**
   * Scoped like `GET /fleet`: everything with `secrets.fleet.read`, otherwise the rotations of
   * the entities whose secrets the user may read (one catalog query, one batched decision).
   */
  async listFleet(options: RotationServiceOptions) {
    if (await this.#mayReadFleet(options)) return this.inner.listFleet(options);
    const entities = await readableSecretsEntities(
      this.catalog,
      this.permissions,
      options,
    );
    return this.inner.listFleet({
      credentials: options.credentials,
      scope: { entityRefs: new Set(entities.map(e => stringifyEntityRef(e))) },
    });
  }

  async #mayReadFleet({ credentials }: RotationServiceOptions) {
    const [fleet] = await this.permissions.authorize(
      [{ permission: secretsFleetReadPermission }],
      { credentials },
    );
    return fleet.result === AuthorizeResult.ALLOW;
  }

  /** The rotation's entity, if the user may read it; one 404 for "no such id" and "not yours". */
  async #entityOf(
    id: string,
    options: RotationServiceOptions,
  ): Promise<string> {
    const record = await this.store.get(id);
    const entityRef = record?.rotation.entityRef;
    if (
      !entityRef ||
      !(await this.#may(secretsEntityReadPermission, entityRef, options))
    )
      throw new NotFoundError(
        `No rotation ${id}, or you may not read its entity's secrets`,
      );
    return entityRef;
  }

  async #mayRotate(entityRef: string, options: RotationServiceOptions) {
    const [read, rotate] = await this.permissions.authorize(
      [
        { permission: secretsEntityReadPermission, resourceRef: entityRef },
        { permission: secretsEntityRotatePermission, resourceRef: entityRef },
      ],
      { credentials: options.credentials },
    );
    if (read.result !== AuthorizeResult.ALLOW)
      throw unreadableEntityError(entityRef);
    if (rotate.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `Missing permission ${secretsEntityRotatePermission.name} on ${entityRef}: ask its owner`,
      );
  }

  async #may(
    permission: typeof secretsEntityReadPermission,
    resourceRef: string,
    { credentials }: RotationServiceOptions,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}
