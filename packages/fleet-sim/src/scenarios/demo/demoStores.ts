/*
 * The demo's stores in one cluster: three ClusterSecretStores (Kubernetes auth to team-payments,
 * AppRole to team-search, a token to the platform mount) and the prod-eu trouble makers: a
 * SecretStore whose token was revoked, and a short-interval store that notices the start-up Vault
 * outage and is left in backoff after Vault returns.
 */
import type { KubeObject } from '../../kube/types';
import { namespace, opaqueSecret, REF, serviceAccount } from '../objects';
import { type ClusterAccess, esoApiVersion } from '../types';
import type { DemoVaultCredentials } from './demoVault';
import { VAULT_NAMESPACES } from './demoVault';

export const ESO_NAMESPACE = 'external-secrets';
export const STUCK_STORE = { cluster: 'prod-eu', name: 'vault-search' };
export const BROKEN_STORE = {
  cluster: 'prod-eu',
  namespace: 'payments',
  name: 'vault-legacy',
};

function store(
  cluster: ClusterAccess,
  kind: 'ClusterSecretStore' | 'SecretStore',
  name: string,
  ns: string | undefined,
  spec: object,
): KubeObject {
  return {
    apiVersion: esoApiVersion(cluster.eso),
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec,
  };
}

export function seedDemoStores(
  cluster: ClusterAccess,
  vaultUrl: string,
  creds: DemoVaultCredentials,
): void {
  const s = cluster.store;
  s.create(REF.namespaces, namespace(ESO_NAMESPACE));
  s.create(
    REF.namespaces,
    namespace('payments', {
      team: 'payments',
      'secrets.example.com/canary': 'true',
    }),
  );
  s.create(
    REF.namespaces,
    namespace('search', {
      team: 'search',
      'secrets.example.com/canary': 'true',
    }),
  );
  s.create(
    REF.serviceAccounts,
    serviceAccount(ESO_NAMESPACE, 'external-secrets'),
  );
  s.create(REF.serviceAccounts, serviceAccount('kube-system', 'vault-auth'));
  s.create(
    REF.secrets,
    opaqueSecret(ESO_NAMESPACE, 'vault-approle', {
      'secret-id': creds.searchSecretId,
    }),
  );
  s.create(
    REF.secrets,
    opaqueSecret(ESO_NAMESPACE, 'vault-platform-token', {
      token: creds.platformToken,
    }),
  );

  s.create(
    REF.clusterSecretStores,
    store(cluster, 'ClusterSecretStore', 'vault-payments', undefined, {
      provider: {
        vault: {
          server: vaultUrl,
          namespace: VAULT_NAMESPACES.payments,
          path: 'secret',
          version: 'v2',
          auth: {
            kubernetes: {
              mountPath: `kubernetes-${cluster.name}`,
              role: 'eso',
              serviceAccountRef: {
                name: 'external-secrets',
                namespace: ESO_NAMESPACE,
              },
            },
          },
        },
      },
    }),
  );
  const stuck = cluster.name === STUCK_STORE.cluster;
  s.create(
    REF.clusterSecretStores,
    store(cluster, 'ClusterSecretStore', 'vault-search', undefined, {
      ...(stuck ? { refreshInterval: 60 } : {}),
      provider: {
        vault: {
          server: vaultUrl,
          namespace: VAULT_NAMESPACES.search,
          path: 'secret',
          version: 'v2',
          auth: {
            appRole: {
              path: 'approle',
              roleId: creds.searchRoleId,
              secretRef: {
                name: 'vault-approle',
                namespace: ESO_NAMESPACE,
                key: 'secret-id',
              },
            },
          },
        },
      },
    }),
  );
  s.create(
    REF.clusterSecretStores,
    store(cluster, 'ClusterSecretStore', 'vault-platform', undefined, {
      provider: {
        vault: {
          server: vaultUrl,
          path: 'platform',
          version: 'v2',
          auth: {
            tokenSecretRef: {
              name: 'vault-platform-token',
              namespace: ESO_NAMESPACE,
              key: 'token',
            },
          },
        },
      },
    }),
  );

  if (cluster.name === BROKEN_STORE.cluster) {
    s.create(
      REF.secrets,
      opaqueSecret(BROKEN_STORE.namespace, 'vault-legacy-token', {
        token: creds.revokedToken,
      }),
    );
    s.create(
      REF.secretStores,
      store(cluster, 'SecretStore', BROKEN_STORE.name, BROKEN_STORE.namespace, {
        provider: {
          vault: {
            server: vaultUrl,
            namespace: VAULT_NAMESPACES.payments,
            path: 'secret',
            version: 'v2',
            auth: {
              tokenSecretRef: { name: 'vault-legacy-token', key: 'token' },
            },
          },
        },
      }),
    );
  }
}
