import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the ExternalSecrets, stores and rotation history of one catalog entity.
 * A resource permission on the entity, so policies can decide by ownership (`isEntityOwner`).
 * @public
 */
export const secretsEntityReadPermission = createPermission({
  name: 'secrets.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Rotate a Vault secret consumed by one catalog entity (write a new version, force re-syncs,
 * restart consumers).
 * @public
 */
export const secretsEntityRotatePermission = createPermission({
  name: 'secrets.entity.rotate',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See fleet-wide health: every cluster, store and failing ExternalSecret, whoever owns them.
 * @public
 */
export const secretsFleetReadPermission = createPermission({
  name: 'secrets.fleet.read',
  attributes: { action: 'read' },
});

/**
 * Bump SecretStores and their dependent ExternalSecrets so ESO revalidates them at once
 * (the repair after a provider outage).
 * @public
 */
export const secretsStoreRevalidatePermission = createPermission({
  name: 'secrets.store.revalidate',
  attributes: { action: 'update' },
});

/**
 * Approve or deny a rotation waiting for four-eyes approval. Basic, not on the entity: approvers
 * (often the platform team) do not own what they approve; the backend also requires membership
 * of the environment's approver group and never lets the requester approve.
 * @public
 */
export const secretsRotationApprovePermission = createPermission({
  name: 'secrets.rotation.approve',
  attributes: { action: 'update' },
});

/**
 * Every permission of the secrets plugin, for `permissionsRegistry.addPermissions`.
 * @public
 */
export const secretsPermissions = [
  secretsEntityReadPermission,
  secretsEntityRotatePermission,
  secretsFleetReadPermission,
  secretsStoreRevalidatePermission,
  secretsRotationApprovePermission,
];
