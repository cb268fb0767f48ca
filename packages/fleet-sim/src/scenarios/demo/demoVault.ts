/*
 * Vault for the demo: Enterprise namespaces per team with a KV v2 mount `secret`, a root-namespace
 * `platform` mount for the fleet-wide canary, and one auth path per kind of ClusterSecretStore:
 * Kubernetes auth per cluster in team-payments, AppRole in team-search, a token for platform.
 */
import type { ScenarioContext } from '../types';

export const VAULT_NAMESPACES = {
  payments: 'team-payments',
  search: 'team-search',
} as const;

export interface DemoVaultCredentials {
  searchRoleId: string;
  searchSecretId: string;
  platformToken: string;
  /** A token that was revoked: the legacy store's broken auth. */
  revokedToken: string;
}

const PAYMENTS_SECRETS: Record<string, Record<string, unknown>> = {
  'payments-api/db': { username: 'payments', password: 'pg-7Hq2-first' },
  'payments-api/stripe': {
    'api-key': 'sk_live_demo_51H',
    'webhook-secret': 'whsec_demo_1',
  },
  'checkout-web/session': { 'cookie-secret': 'c00k1e-s3cr3t' },
  'checkout-web/oauth': {
    'client-id': 'checkout-web',
    'client-secret': 'oauth-s3cr3t-1',
  },
  'checkout-web/legacy-config': { 'api-url': 'https://legacy.example.com' },
  'ledger-worker/kafka': {
    username: 'ledger',
    password: 'kafka-pw-1',
    brokers: { primary: 'kafka-0:9093' },
  },
};

export function seedDemoVault(ctx: ScenarioContext): DemoVaultCredentials {
  const { engine } = ctx.vault;
  const payments = VAULT_NAMESPACES.payments;
  const search = VAULT_NAMESPACES.search;
  engine.createNamespace(payments, { team: 'payments' });
  engine.createNamespace(search, { team: 'search' });

  engine.enableKv({ namespace: payments, path: 'secret', version: 2 });
  for (const [path, data] of Object.entries(PAYMENTS_SECRETS)) {
    engine.putSecret({
      namespace: payments,
      mount: 'secret',
      path,
      data,
      customMetadata: { owner: 'team-payments' },
    });
  }
  // two versions: the pinned ExternalSecret keeps reading version 1
  engine.putSecret({
    namespace: payments,
    mount: 'secret',
    path: 'ledger-worker/signing',
    data: { 'private-key': 'ledger-key-v1' },
  });
  engine.putSecret({
    namespace: payments,
    mount: 'secret',
    path: 'ledger-worker/signing',
    data: { 'private-key': 'ledger-key-v2' },
  });
  engine.writePolicy({
    namespace: payments,
    name: 'eso-read',
    policy: [
      'path "secret/data/*" { capabilities = ["read"] }',
      'path "secret/metadata/*" { capabilities = ["read"] }',
      // PushSecret target
      'path "secret/data/ledger-worker/public-key" { capabilities = ["create", "read", "update"] }',
      'path "secret/metadata/ledger-worker/public-key" { capabilities = ["create", "read", "update"] }',
    ].join('\n'),
  });
  for (const cluster of ctx.clusters) {
    const mount = `kubernetes-${cluster.name}`;
    engine.enableAuth({ namespace: payments, path: mount, type: 'kubernetes' });
  }

  engine.enableKv({ namespace: search, path: 'secret', version: 2 });
  engine.putSecret({
    namespace: search,
    mount: 'secret',
    path: 'search-indexer/elastic',
    data: { username: 'indexer', password: 'es-pw-1' },
  });
  engine.putSecret({
    namespace: search,
    mount: 'secret',
    path: 'search-indexer/api',
    data: { key: 'search-api-key-1' },
  });
  engine.writePolicy({
    namespace: search,
    name: 'eso-read',
    policy:
      'path "secret/data/*" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["read"] }',
  });
  const approle = engine.createAppRole({
    namespace: search,
    roleName: 'eso',
    policies: ['eso-read'],
    tokenTtlSeconds: 3600,
  });

  engine.enableKv({ path: 'platform', version: 2 });
  engine.putSecret({
    mount: 'platform',
    path: 'canary',
    data: { token: 'canary-1' },
  });
  engine.writePolicy({
    name: 'platform-read',
    policy: 'path "platform/data/*" { capabilities = ["read"] }',
  });
  const platform = engine.createToken({
    policies: ['platform-read'],
    ttlSeconds: 365 * 24 * 3600,
    displayName: 'eso-platform',
  });
  const revoked = engine.createToken({
    namespace: payments,
    policies: ['eso-read'],
    displayName: 'eso-legacy',
  });
  engine.revokeToken(revoked.token);

  return {
    searchRoleId: approle.roleId,
    searchSecretId: approle.secretId,
    platformToken: platform.token,
    revokedToken: revoked.token,
  };
}

/** Kubernetes auth for one cluster: Vault reviews ESO's service-account JWTs against its API server. */
export async function configureDemoKubernetesAuth(
  ctx: ScenarioContext,
): Promise<void> {
  const { engine } = ctx.vault;
  for (const cluster of ctx.clusters) {
    const mount = `kubernetes-${cluster.name}`;
    const reviewer = await cluster.issueServiceAccountToken(
      'kube-system',
      'vault-auth',
      { expirationSeconds: 365 * 24 * 3600 },
    );
    engine.configureKubernetesAuth({
      namespace: VAULT_NAMESPACES.payments,
      mount,
      kubernetesHost: cluster.url,
      kubernetesCaCert: cluster.caPem,
      tokenReviewerJwt: reviewer,
    });
    engine.createKubernetesRole({
      namespace: VAULT_NAMESPACES.payments,
      mount,
      name: 'eso',
      boundServiceAccountNames: ['external-secrets'],
      boundServiceAccountNamespaces: ['external-secrets'],
      policies: ['eso-read'],
      tokenTtlSeconds: 3600,
    });
  }
}
