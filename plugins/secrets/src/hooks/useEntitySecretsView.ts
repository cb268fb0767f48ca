import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  isSecretsAvailable,
  secretsEntityReadPermission,
  type EntitySecretsResponse,
  type EntitySecretsSummary,
} from '@secrets-plugin/plugin-secrets-common';
import type { UseQueryResult } from '@tanstack/react-query';
import { isRefused } from '../lib/errors';
import { useEntitySecrets, useEntitySecretsSummary } from './useEntitySecrets';

/** What the tab or the card can show for an entity. */
export type EntityView<T> =
  | { state: 'unavailable' }
  | { state: 'loading' }
  | { state: 'refused' }
  | { state: 'error'; error: Error }
  | { state: 'ready'; data: T };

/** What the tab can show. */
export type EntitySecretsView = EntityView<EntitySecretsResponse>;

/**
 * One rule for the tab and the card: ask only once the user may read the entity's secrets; a
 * denied `secrets.entity.read` is explained without a request, and the backend's own refusal (403,
 * or the 404 that does not reveal whether the entity exists) is explained the same way.
 */
function useEntityView<T>(
  entity: Entity,
  useData: (entityRef: string, enabled: boolean) => UseQueryResult<T, Error>,
): EntityView<T> {
  const entityRef = stringifyEntityRef(entity);
  const available = isSecretsAvailable(entity);
  const permission = usePermission({
    permission: secretsEntityReadPermission,
    resourceRef: entityRef,
  });
  const query = useData(
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

/** The entity's secrets for the tab. */
export function useEntitySecretsView(entity: Entity): EntitySecretsView {
  return useEntityView(entity, useEntitySecrets);
}

/** The entity's summary for the overview card: no rows travel for it. */
export function useEntitySecretsSummaryView(
  entity: Entity,
): EntityView<EntitySecretsSummary> {
  return useEntityView(entity, useEntitySecretsSummary);
}
