import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';

/**
 * The one answer for an entity that does not exist, that the catalog hides from the user, or
 * whose secrets the user may not read: telling them apart would reveal which entities exist.
 */
export function unreadableEntityError(
  ref: CompoundEntityRef | string,
): NotFoundError {
  const entityRef = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
  return new NotFoundError(
    `No entity ${entityRef}, or you may not read its secrets`,
  );
}
