/*
 * The demo's ExternalSecrets, ClusterExternalSecret, PushSecret and Deployments in one cluster:
 * components payments-api, checkout-web, ledger-worker (team-payments, namespace payments) and
 * search-indexer (team-search, namespace search), each labelled backstage.io/kubernetes-id, plus
 * the trouble cases (missing key, CreatedOnce, pinned version, refreshInterval 0, broken store).
 */
import type { KubeObject } from '../../kube/types';
import { COMPONENT_LABEL, deployment, opaqueSecret, REF } from '../objects';
import { type ClusterAccess, esoApiVersion } from '../types';
import { BROKEN_STORE, STUCK_STORE } from './demoStores';

interface EsSpec {
  ns: string;
  name: string;
  component: string;
  store?: string;
  storeKind?: 'ClusterSecretStore' | 'SecretStore';
  refreshInterval?: string;
  refreshPolicy?: 'CreatedOnce' | 'OnChange' | 'Periodic';
  data?: Array<{ secretKey: string; remoteRef: Record<string, string> }>;
  dataFrom?: Array<{ extract: { key: string } }>;
  template?: Record<string, unknown>;
  /** `secrets.backstage.io/rotate`: the keys the plugin may regenerate (see the plugin's README). */
  rotate?: string;
  /** `secrets.backstage.io/rotate-every`: how often the key it reads is due for rotation. */
  rotateEvery?: string;
}

function externalSecret(cluster: ClusterAccess, es: EsSpec): KubeObject {
  return {
    apiVersion: esoApiVersion(cluster.eso),
    kind: 'ExternalSecret',
    metadata: {
      name: es.name,
      namespace: es.ns,
      labels: { [COMPONENT_LABEL]: es.component },
      ...(es.rotate || es.rotateEvery
        ? {
            annotations: {
              ...(es.rotate
                ? { 'secrets.backstage.io/rotate': es.rotate }
                : {}),
              ...(es.rotateEvery
                ? { 'secrets.backstage.io/rotate-every': es.rotateEvery }
                : {}),
            },
          }
        : {}),
    },
    spec: {
      refreshInterval: es.refreshInterval ?? '1h0m0s',
      ...(es.refreshPolicy ? { refreshPolicy: es.refreshPolicy } : {}),
      secretStoreRef: {
        kind: es.storeKind ?? 'ClusterSecretStore',
        name: es.store ?? 'vault-payments',
      },
      target: {
        name: es.name,
        creationPolicy: 'Owner',
        ...(es.template ? { template: es.template } : {}),
      },
      ...(es.data ? { data: es.data } : {}),
      ...(es.dataFrom ? { dataFrom: es.dataFrom } : {}),
    },
  };
}

/** payments-api-stripe's `rotate-every`: shorter than `historyDurationMs`, hence overdue. */
export const STRIPE_ROTATE_EVERY = '10m';

/** The team-search key payments-api reads in one cluster (see `demoExternalSecrets`). */
export const SHARED_KEY = {
  cluster: 'dev-eu',
  externalSecret: 'payments-api-search-token',
  key: 'search-indexer/api',
} as const;

/** The one cluster where ledger-worker publishes its public key to Vault. */
const PUSH_SECRET_CLUSTER = 'prod-eu';

const keys = (key: string, ...props: string[]) =>
  props.map(p => ({ secretKey: p, remoteRef: { key, property: p } }));

export function demoExternalSecrets(cluster: ClusterAccess): KubeObject[] {
  const prod = cluster.environment === 'prod';
  const modern = cluster.eso === 'v1';
  const list: EsSpec[] = [
    {
      ns: 'payments',
      name: 'payments-api-db',
      component: 'payments-api',
      rotate: 'password',
      data: [
        ...keys('payments-api/db', 'username', 'password'),
        {
          secretKey: 'vaultVersion',
          remoteRef: {
            key: 'payments-api/db',
            metadataPolicy: 'Fetch',
            property: 'current_version',
          },
        },
      ],
      template: {
        engineVersion: 'v2',
        data: { username: '{{ .username }}', password: '{{ .password }}' },
        metadata: {
          annotations: {
            'secrets.example.com/vault-version': '{{ .vaultVersion }}',
          },
          labels: { [COMPONENT_LABEL]: 'payments-api' },
        },
      },
    },
    {
      ns: 'payments',
      name: 'payments-api-stripe',
      component: 'payments-api',
      // Shorter than the demo's 11 minutes of history, so the seeded version is overdue from the
      // first page; no key of it is declared rotatable, so the scheduler cannot rotate it away.
      rotateEvery: STRIPE_ROTATE_EVERY,
      dataFrom: [{ extract: { key: 'payments-api/stripe' } }],
    },
    {
      ns: 'payments',
      name: 'checkout-web-session',
      component: 'checkout-web',
      data: keys('checkout-web/session', 'cookie-secret'),
    },
    {
      ns: 'payments',
      name: 'checkout-web-oauth',
      component: 'checkout-web',
      rotate: 'client-secret',
      data: keys('checkout-web/oauth', 'client-id', 'client-secret'),
      ...(cluster.name === 'prod-eu'
        ? { refreshPolicy: 'CreatedOnce' as const }
        : {}),
    },
    {
      ns: 'payments',
      name: 'ledger-worker-kafka',
      component: 'ledger-worker',
      rotate: 'password=random:40',
      data: [
        ...keys('ledger-worker/kafka', 'username', 'password'),
        {
          secretKey: 'brokers',
          remoteRef: {
            key: 'ledger-worker/kafka',
            property: 'brokers.primary',
          },
        },
      ],
    },
    {
      ns: 'payments',
      name: 'ledger-worker-signing',
      component: 'ledger-worker',
      data: [
        {
          secretKey: 'private-key',
          remoteRef: {
            key: 'ledger-worker/signing',
            property: 'private-key',
            ...(prod ? { version: '1' } : {}),
          },
        },
      ],
    },
    {
      ns: 'search',
      name: 'search-indexer-elastic',
      component: 'search-indexer',
      store: 'vault-search',
      data: keys('search-indexer/elastic', 'username', 'password'),
    },
    {
      ns: 'search',
      name: 'search-indexer-api',
      component: 'search-indexer',
      store: 'vault-search',
      data: keys('search-indexer/api', 'key'),
      ...(cluster.name === STUCK_STORE.cluster
        ? { refreshInterval: '1m' }
        : {}),
    },
  ];
  if (cluster.name === 'dev-eu') {
    list.push({
      ns: 'payments',
      name: 'payments-api-feature-flags',
      component: 'payments-api',
      data: keys('payments-api/feature-flags', 'flags'),
    });
    list.push({
      ns: 'payments',
      name: 'ledger-worker-bootstrap',
      component: 'ledger-worker',
      refreshInterval: '0s',
      data: keys('ledger-worker/kafka', 'username'),
    });
  }
  if (cluster.name === SHARED_KEY.cluster) {
    // payments-api calls search's API with search's own token: a key of team-search read through
    // a payments component, which the tenant rule keeps team-payments from rotating
    list.push({
      ns: 'payments',
      name: SHARED_KEY.externalSecret,
      component: 'payments-api',
      store: 'vault-search',
      data: [
        {
          secretKey: 'search-api-key',
          remoteRef: { key: SHARED_KEY.key, property: 'key' },
        },
      ],
    });
  }
  if (cluster.name === PUSH_SECRET_CLUSTER) {
    // checkout-web verifies ledger receipts with the key ledger-worker publishes by PushSecret
    list.push({
      ns: 'payments',
      name: 'checkout-web-ledger-key',
      component: 'checkout-web',
      data: keys('ledger-worker/public-key', 'public.pem'),
    });
  }
  if (cluster.name === BROKEN_STORE.cluster) {
    list.push({
      ns: 'payments',
      name: 'checkout-web-legacy-config',
      component: 'checkout-web',
      store: BROKEN_STORE.name,
      storeKind: 'SecretStore',
      data: keys('checkout-web/legacy-config', 'api-url'),
    });
  }
  return list
    .map(es => (modern ? es : { ...es, refreshPolicy: undefined })) // refreshPolicy arrived in ESO 0.16
    .map(es => externalSecret(cluster, es));
}

export function demoClusterExternalSecret(cluster: ClusterAccess): KubeObject {
  return {
    apiVersion: esoApiVersion(cluster.eso),
    kind: 'ClusterExternalSecret',
    metadata: { name: 'platform-canary' },
    spec: {
      externalSecretName: 'platform-canary',
      externalSecretMetadata: {
        labels: { [COMPONENT_LABEL]: 'platform-canary' },
      },
      namespaceSelectors: [
        { matchLabels: { 'secrets.example.com/canary': 'true' } },
      ],
      refreshTime: '1m',
      externalSecretSpec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-platform' },
        target: { name: 'platform-canary' },
        data: [
          {
            secretKey: 'token',
            remoteRef: { key: 'canary', property: 'token' },
          },
        ],
      },
    },
  };
}

export function demoPushSecret(cluster: ClusterAccess): KubeObject[] {
  if (cluster.name !== PUSH_SECRET_CLUSTER) return [];
  return [
    opaqueSecret(
      'payments',
      'ledger-worker-keypair',
      {
        'public.pem':
          '-----BEGIN PUBLIC KEY-----\nZGVtby1sZWRnZXIta2V5\n-----END PUBLIC KEY-----\n',
      },
      { [COMPONENT_LABEL]: 'ledger-worker' },
    ),
    {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'PushSecret',
      metadata: {
        name: 'ledger-worker-public-key',
        namespace: 'payments',
        labels: { [COMPONENT_LABEL]: 'ledger-worker' },
      },
      spec: {
        refreshInterval: '1h0m0s',
        updatePolicy: 'Replace',
        deletionPolicy: 'None',
        secretStoreRefs: [
          { kind: 'ClusterSecretStore', name: 'vault-payments' },
        ],
        selector: { secret: { name: 'ledger-worker-keypair' } },
        data: [
          {
            match: {
              secretKey: 'public.pem',
              remoteRef: {
                remoteKey: 'ledger-worker/public-key',
                property: 'public.pem',
              },
            },
          },
        ],
      },
    },
  ];
}

export function demoDeployments(cluster: ClusterAccess): KubeObject[] {
  return [
    deployment({
      ns: 'payments',
      name: 'payments-api',
      component: 'payments-api',
      annotations: { 'reloader.stakater.com/auto': 'true' },
      envFromSecrets: ['payments-api-db'],
      volumeSecrets: ['payments-api-stripe'],
      ...(cluster.name === SHARED_KEY.cluster
        ? {
            envSecretKeys: [
              {
                env: 'SEARCH_API_KEY',
                secret: SHARED_KEY.externalSecret,
                key: 'search-api-key',
              },
            ],
          }
        : {}),
    }),
    deployment({
      ns: 'payments',
      name: 'checkout-web',
      component: 'checkout-web',
      replicas: 3,
      annotations: {
        'secret.reloader.stakater.com/reload': 'checkout-web-session',
      },
      envSecretKeys: [
        {
          env: 'SESSION_SECRET',
          secret: 'checkout-web-session',
          key: 'cookie-secret',
        },
        {
          env: 'OAUTH_CLIENT_SECRET',
          secret: 'checkout-web-oauth',
          key: 'client-secret',
        },
      ],
    }),
    deployment({
      ns: 'payments',
      name: 'ledger-worker',
      component: 'ledger-worker',
      replicas: 1,
      envFromSecrets: ['ledger-worker-kafka', 'ledger-worker-signing'],
    }),
    deployment({
      ns: 'search',
      name: 'search-indexer',
      component: 'search-indexer',
      annotations: { 'reloader.stakater.com/auto': 'true' },
      envFromSecrets: ['search-indexer-elastic', 'search-indexer-api'],
    }),
  ];
}

export function seedDemoWorkloads(cluster: ClusterAccess): void {
  const s = cluster.store;
  for (const d of demoDeployments(cluster)) s.create(REF.deployments, d);
  for (const es of demoExternalSecrets(cluster))
    s.create(REF.externalSecrets, es);
  s.create(REF.clusterExternalSecrets, demoClusterExternalSecret(cluster));
  for (const obj of demoPushSecret(cluster))
    s.create(obj.kind === 'Secret' ? REF.secrets : REF.pushSecrets, obj);
}
