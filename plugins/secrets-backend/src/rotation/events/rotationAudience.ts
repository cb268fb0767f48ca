import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RotationRow, RotationStore } from '../../database/RotationStore';
import { entityOwners } from '../plan/DefaultRotationPlanner';

/** Who hears about a rotation, and the row its messages are made from (metadata only). */
export interface RotationAudience {
  rotation: RotationRow;
  /** The requester and the entity's owners: the people the tab shows the rotation to. */
  recipients: string[];
}

/**
 * Resolves a rotation's audience from its row and the catalog. The catalog is read as the plugin
 * itself, because the runner works without a request; owners are looked up once per rotation and
 * forgotten when it ends.
 */
export class RotationAudienceResolver {
  readonly #owners = new Map<string, Promise<string[]>>();

  constructor(
    private readonly deps: {
      store: Pick<RotationStore, 'get'>;
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    },
  ) {}

  async resolve(rotationId: string): Promise<RotationAudience | undefined> {
    const record = await this.deps.store.get(rotationId);
    if (!record) return undefined;
    const { rotation } = record;
    let owners = this.#owners.get(rotationId);
    if (!owners) {
      owners = this.#lookUpOwners(rotation.entityRef);
      this.#owners.set(rotationId, owners);
    }
    const recipients = new Set<string>(await owners);
    // `plugin:` requesters (scheduled rotations) are no one to tell
    if (rotation.requestedBy.startsWith('user:'))
      recipients.add(rotation.requestedBy);
    return { rotation, recipients: [...recipients] };
  }

  /** Call when the rotation ended. */
  forget(rotationId: string): void {
    this.#owners.delete(rotationId);
  }

  async #lookUpOwners(entityRef: string): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entity = await this.deps.catalog
      .getEntityByRef(entityRef, { credentials })
      .catch(() => undefined);
    return entity ? entityOwners(entity) : [];
  }
}
