/*
 * The parts of the ESO v1 / v1alpha1 schemas the simulated controllers read and write
 * (apis/externalsecrets/v1/*_types.go at v2.9.0). Fields are optional because objects may come
 * from the API server without CRD defaults applied; controllers apply the defaults themselves.
 */
import type { KubeObject } from '../kube/types';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface StoreRef {
  name: string;
  kind?: 'SecretStore' | 'ClusterSecretStore';
}

export interface RemoteRef {
  key: string;
  property?: string;
  version?: string;
  metadataPolicy?: 'None' | 'Fetch';
  decodingStrategy?: 'Auto' | 'Base64' | 'Base64URL' | 'None';
  conversionStrategy?: 'Default' | 'Unicode';
  nullBytePolicy?: 'Ignore' | 'Fail';
}

export interface ExternalSecretSpec {
  refreshInterval?: string;
  refreshPolicy?: 'CreatedOnce' | 'Periodic' | 'OnChange';
  secretStoreRef?: StoreRef;
  target?: {
    name?: string;
    creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None' | 'CreateOrMerge';
    deletionPolicy?: 'Retain' | 'Delete' | 'Merge';
    immutable?: boolean;
    template?: {
      type?: string;
      engineVersion?: string;
      mergePolicy?: 'Replace' | 'Merge';
      metadata?: {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        finalizers?: string[];
      };
      data?: Record<string, string>;
    };
  };
  data?: Array<{
    secretKey: string;
    remoteRef: RemoteRef;
    sourceRef?: { storeRef?: StoreRef };
  }>;
  dataFrom?: Array<{
    extract?: RemoteRef;
    find?: unknown;
    sourceRef?: { storeRef?: StoreRef; generatorRef?: unknown };
  }>;
}

export interface ExternalSecretStatus {
  refreshTime?: string | null;
  syncedResourceVersion?: string;
  conditions?: Condition[];
  binding?: { name?: string };
}

export interface ExternalSecret extends KubeObject {
  spec: ExternalSecretSpec;
  status?: ExternalSecretStatus;
}

export interface SecretKeySelector {
  name: string;
  key?: string;
  namespace?: string;
}

export interface VaultProviderSpec {
  server: string;
  path?: string;
  version?: 'v1' | 'v2';
  namespace?: string;
  auth?: {
    namespace?: string;
    tokenSecretRef?: SecretKeySelector;
    appRole?: {
      path?: string;
      roleId?: string;
      roleRef?: SecretKeySelector;
      secretRef: SecretKeySelector;
    };
    kubernetes?: {
      mountPath?: string;
      role: string;
      serviceAccountRef?: {
        name: string;
        namespace?: string;
        audiences?: string[];
      };
      secretRef?: SecretKeySelector;
    };
  };
  checkAndSet?: { required?: boolean };
}

export interface SecretStoreSpec {
  controller?: string;
  provider?: { vault?: VaultProviderSpec; [other: string]: unknown };
  refreshInterval?: number | string;
  retrySettings?: { maxRetries?: number; retryInterval?: string };
  conditions?: Array<{
    namespaceSelector?: LabelSelector;
    namespaces?: string[];
    namespaceRegexes?: string[];
  }>;
}

export interface SecretStore extends KubeObject {
  spec: SecretStoreSpec;
  status?: { conditions?: Condition[]; capabilities?: string };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

export type StoreKind = 'SecretStore' | 'ClusterSecretStore';
