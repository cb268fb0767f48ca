import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  isSecretsAvailable,
  secretsEntityReadPermission,
  type EntitySecretsResponse,
} from '@secrets-plugin/plugin-secrets-common';
import { isRefused } from '../lib/errors';
import { useEntitySecrets } from './useEntitySecrets';

/** What the tab and the card can show for an entity. */
export type EntitySecretsView =
  | { state: 'unavailable' }
  | { state: 'loading' }
  | { state: 'refused' }
  | { state: 'error'; error: Error }
  | { state: 'ready'; data: EntitySecretsResponse };

/**
 * The entity's secrets, asked for only once the user may read them: a denied
 * `secrets.entity.read` is explained without a request, and the backend's own refusal (403, or the
 * 404 that does not reveal whether the entity exists) is explained the same way.
 */
export function useEntitySecretsView(entity: Entity): EntitySecretsView {
  const entityRef = stringifyEntityRef(entity);
  const available = isSecretsAvailable(entity);
  const permission = usePermission({
    permission: secretsEntityReadPermission,
    resourceRef: entityRef,
  });
  const query = useEntitySecrets(
    entityRef,
    available && !permission.loading && permission.allowed,
  );
  if (!available) return { state: 'unavailable' };
  if (permission.loading) return { state: 'loading' };
  if (!permission.allowed) return { state: 'refused' };
  if (query.isPending) return { state: 'loading' };
  if (query.isError) {
    return isRefused(query.error)
      ? { state: 'refused' }
      : { state: 'error', error: query.error };
  }
  return { state: 'ready', data: query.data };
}
