import type {
  FleetQuery,
  StoreRef,
} from '@secrets-plugin/plugin-secrets-common';

/** What a dry run is asked about: a rotation of a group, or a rollback of a rotation. */
export type RotationPlanRequest =
  | { kind: 'rotation'; entityRef: string; groupId: string; reason: string }
  | { kind: 'rollback'; rotationId: string; version: number; reason: string };

/**
 * Every TanStack Query key of the plugin, in one place: a mutation that changes what several
 * views show invalidates them by prefix, and prefixes that drift apart would leave a view stale.
 */
export const secretsQueryKeys = {
  all: ['secrets'] as const,
  entityAll: ['secrets', 'entity'] as const,
  entity: (entityRef: string) => ['secrets', 'entity', entityRef] as const,
  /** Under the entity's key, so whatever refreshes the tab refreshes the card. */
  entitySummary: (entityRef: string) =>
    ['secrets', 'entity', entityRef, 'summary'] as const,
  fleetAll: ['secrets', 'fleet'] as const,
  fleet: (query: Partial<FleetQuery>) => ['secrets', 'fleet', query] as const,
  rotationsAll: ['secrets', 'rotations'] as const,
  rotation: (id: string) => ['secrets', 'rotations', 'detail', id] as const,
  rotationHistoryAll: ['secrets', 'rotations', 'history'] as const,
  rotationHistory: (entityRef: string) =>
    ['secrets', 'rotations', 'history', entityRef] as const,
  fleetRotations: ['secrets', 'rotations', 'fleet'] as const,
  approvalsAll: ['secrets', 'approvals'] as const,
  pendingApprovals: ['secrets', 'approvals', 'pending'] as const,
  rotationApproval: (id: string) => ['secrets', 'approvals', 'of', id] as const,
  rotationPlan: (request: RotationPlanRequest) =>
    ['secrets', 'rotation-plan', request] as const,
  revalidatePreview: (stores: StoreRef[]) =>
    ['secrets', 'revalidate-preview', stores] as const,
};
