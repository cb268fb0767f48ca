/*
 * Names and strings ESO v2.9.0 writes, copied from its sources so the simulator's objects, Events
 * and conditions read exactly like a real controller's:
 * apis/externalsecrets/v1/externalsecret_types.go, pkg/controllers/externalsecret/externalsecret_controller.go,
 * pkg/controllers/secretstore/common.go, pkg/controllers/pushsecret/pushsecret_controller.go.
 */
import type { ResourceRef } from '../kube/types';

export const ESO_GROUP = 'external-secrets.io';
/**
 * The field manager of ESO's own writes (status, finalizers, stores): controller-runtime names no
 * FieldOwner there, so the API server takes the User-Agent's product, the binary's name
 * (Dockerfile: /bin/external-secrets). Target Secrets are written as fqdnFor(es) instead.
 */
export const ESO_FIELD_MANAGER = 'external-secrets';

export const RESOURCES = {
  externalSecrets: { group: ESO_GROUP, resource: 'externalsecrets' },
  secretStores: { group: ESO_GROUP, resource: 'secretstores' },
  clusterSecretStores: { group: ESO_GROUP, resource: 'clustersecretstores' },
  clusterExternalSecrets: {
    group: ESO_GROUP,
    resource: 'clusterexternalsecrets',
  },
  pushSecrets: { group: ESO_GROUP, resource: 'pushsecrets' },
  secrets: { group: '', resource: 'secrets' },
  namespaces: { group: '', resource: 'namespaces' },
  serviceAccounts: { group: '', resource: 'serviceaccounts' },
} satisfies Record<string, ResourceRef>;

export const LABEL_MANAGED = 'reconcile.external-secrets.io/managed';
export const LABEL_MANAGED_VALUE = 'true';
export const LABEL_OWNER = 'reconcile.external-secrets.io/created-by';
export const ANNOTATION_DATA_HASH = 'reconcile.external-secrets.io/data-hash';
export const ANNOTATION_FORCE_SYNC = 'external-secrets.io/force-sync';
export const ES_FINALIZER =
  'externalsecrets.external-secrets.io/externalsecret-cleanup';
export const CES_FINALIZER =
  'externalsecrets.external-secrets.io/clusterexternalsecret-cleanup';
export const PUSH_SECRET_FINALIZER = 'pushsecret.externalsecrets.io/finalizer';
export const STORE_FINALIZER = 'secretstore.externalsecrets.io/finalizer';

/** Event recorder component names (GetEventRecorderFor in each controller's SetupWithManager). */
export const COMPONENT = {
  externalSecret: 'external-secrets',
  secretStore: 'secret-store',
  clusterSecretStore: 'cluster-secret-store',
  pushSecret: 'pushsecret',
} as const;

export const ES_REASON = {
  synced: 'SecretSynced',
  syncedError: 'SecretSyncedError',
  deleted: 'SecretDeleted',
  missing: 'SecretMissing',
} as const;

export const ES_MESSAGE = {
  synced: 'secret synced',
  syncedRetain: 'secret retained due to DeletionPolicy=Retain',
  deleted: 'secret deleted due to DeletionPolicy=Delete',
  missing: 'secret will not be created due to CreationPolicy=Merge',
  errorGetSecretData: 'could not get secret data from provider',
  errorDeleteSecret: 'could not delete secret',
  errorDeleteOrphaned: 'could not delete orphaned secrets',
  errorUpdateSecret: 'could not update secret',
  errorUpdateImmutable: 'could not update secret, target is immutable',
  errorIsOwned: 'target is owned by another ExternalSecret',
  errorBecomeOwner: 'failed to take ownership of target secret',
} as const;

export const ES_EVENT = {
  updateFailed: 'UpdateFailed',
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
  missingProviderSecret: 'MissingProviderSecret',
  createdMessage: 'secret created',
  updatedMessage: 'secret updated',
  deletedMessage: 'secret deleted due to DeletionPolicy=Delete',
  deletedOrphanedMessage: 'secret deleted because it was orphaned',
} as const;

export const STORE_REASON = {
  valid: 'Valid',
  invalidProviderConfig: 'InvalidProviderConfig',
  validationUnknown: 'ValidationUnknown',
} as const;

export const STORE_MESSAGE = {
  validated: 'store validated',
  unableCreateClient: 'unable to create client',
  unableValidateStore: 'unable to validate store',
  validationUnknown: 'could not determine validation status',
} as const;

export const PUSH_REASON = {
  synced: 'Synced',
  errored: 'Errored',
  sourceDeleted: 'SourceDeleted',
} as const;

/** `--store-requeue-interval` default (cmd/controller/root.go). */
export const DEFAULT_STORE_REQUEUE_MS = 5 * 60_000;
/** CRD default for ExternalSecret and PushSecret `spec.refreshInterval`. */
export const DEFAULT_REFRESH_INTERVAL = '1h0m0s';
