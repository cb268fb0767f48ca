import type { FleetQuery, StoreRef } from '@internal/plugin-secrets-common';

/**
 * Every TanStack Query key of the plugin, in one place: a mutation that changes what several
 * views show invalidates them by prefix, and prefixes that drift apart would leave a view stale.
 */
export const secretsQueryKeys = {
  all: ['secrets'] as const,
  entityAll: ['secrets', 'entity'] as const,
  entity: (entityRef: string) => ['secrets', 'entity', entityRef] as const,
  fleetAll: ['secrets', 'fleet'] as const,
  fleet: (query: Partial<FleetQuery>) => ['secrets', 'fleet', query] as const,
  revalidatePreview: (stores: StoreRef[]) =>
    ['secrets', 'revalidate-preview', stores] as const,
};
