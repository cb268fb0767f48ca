/*
 * fleet-sim scenario of the rotation benchmark: N clusters (default 20) that each read the same
 * Vault key (team-payments namespace, `secret/bench/db`) through one ExternalSecret declaring
 * `secrets.backstage.io/rotate: password`, consumed by one Deployment. Even clusters' Deployment
 * opts into Reloader, odd ones do not, so half the clusters need a restart from whoever rotates.
 * Each cluster also has the platform canary: an ExternalSecret reading the root namespace's
 * `platform/canary` (the one key the plugin's shipped Vault policy lets it write), through a
 * store of its own, consumed by nothing. Nothing is pre-synced: ESO syncs everything at start,
 * the benchmark waits for that.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '@internal/fleet-sim';

export const BENCH = {
  vaultNamespace: 'team-payments',
  mount: 'secret',
  key: 'bench/db',
  namespace: 'bench',
  externalSecret: 'bench-db',
  deployment: 'bench-api',
  component: 'bench-api',
  owner: 'group:default/team-payments',
  username: 'bench',
} as const;

/** The canary as `secrets.canary` names it, and where ESO reads it. */
export const CANARY = {
  mount: 'platform',
  key: 'canary',
  property: 'token',
  namespace: 'bench',
  externalSecret: 'bench-canary',
  store: 'vault-platform',
} as const;

/** Even clusters restart through Reloader, odd ones need the rotation (or the person) to do it. */
export const usesReloader = (clusterIndex: number) => clusterIndex % 2 === 0;

const pad = (n: number) => String(n).padStart(2, '0');

const ref = (group: string, resource: string) => ({ group, resource });
const REF = {
  namespaces: ref('', 'namespaces'),
  secrets: ref('', 'secrets'),
  deployments: ref('apps', 'deployments'),
  externalSecrets: ref('external-secrets.io', 'externalsecrets'),
  clusterSecretStores: ref('external-secrets.io', 'clustersecretstores'),
};

const ns = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
});

export const rotationScenario = (clusters: number): Scenario => ({
  name: 'rotation-bench',
  plan: () =>
    Array.from({ length: clusters }, (_, i) => ({
      name: `rot-${pad(i)}`,
      environment: i % 5 === 0 ? 'dev' : 'prod',
      eso: 'v1',
    })),
  seed(ctx) {
    const { engine } = ctx.vault;
    const namespace = BENCH.vaultNamespace;
    engine.createNamespace(namespace, { team: 'payments' });
    engine.enableKv({ namespace, path: BENCH.mount, version: 2 });
    engine.putSecret({
      namespace,
      mount: BENCH.mount,
      path: BENCH.key,
      data: { username: BENCH.username, password: 'bench-initial-0' },
    });
    engine.writePolicy({
      namespace,
      name: 'eso-read',
      policy: [
        'path "secret/data/*" { capabilities = ["read"] }',
        'path "secret/metadata/*" { capabilities = ["read"] }',
      ].join('\n'),
    });
    const esoToken = engine.createToken({
      namespace,
      policies: ['eso-read'],
      ttlSeconds: 365 * 24 * 3600,
    }).token;

    // the canary lives outside every tenant, in the root namespace, as in the demo
    engine.enableKv({ path: CANARY.mount, version: 2 });
    engine.putSecret({
      mount: CANARY.mount,
      path: CANARY.key,
      data: { [CANARY.property]: 'bench-canary-0' },
    });
    engine.writePolicy({
      name: 'platform-read',
      policy: `path "${CANARY.mount}/data/*" { capabilities = ["read"] }`,
    });
    const canaryToken = engine.createToken({
      policies: ['platform-read'],
      ttlSeconds: 365 * 24 * 3600,
    }).token;

    ctx.clusters.forEach((cluster, i) => {
      const s = cluster.store;
      s.create(REF.namespaces, ns('external-secrets'));
      s.create(REF.namespaces, ns(BENCH.namespace));
      s.create(REF.secrets, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: 'vault-token', namespace: 'external-secrets' },
        data: { token: Buffer.from(esoToken).toString('base64') },
      });
      s.create(REF.clusterSecretStores, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'vault-payments' },
        spec: {
          provider: {
            vault: {
              server: ctx.vault.url,
              namespace,
              path: BENCH.mount,
              version: 'v2',
              auth: {
                tokenSecretRef: {
                  name: 'vault-token',
                  namespace: 'external-secrets',
                  key: 'token',
                },
              },
            },
          },
        },
      });
      s.create(REF.externalSecrets, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: BENCH.externalSecret,
          namespace: BENCH.namespace,
          labels: { 'backstage.io/kubernetes-id': BENCH.component },
          annotations: { 'secrets.backstage.io/rotate': 'password' },
        },
        spec: {
          refreshInterval: '1h0m0s',
          secretStoreRef: {
            kind: 'ClusterSecretStore',
            name: 'vault-payments',
          },
          target: { name: BENCH.externalSecret, creationPolicy: 'Owner' },
          data: ['username', 'password'].map(p => ({
            secretKey: p,
            remoteRef: { key: BENCH.key, property: p },
          })),
        },
      });
      s.create(REF.secrets, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: {
          name: 'vault-platform-token',
          namespace: 'external-secrets',
        },
        data: { token: Buffer.from(canaryToken).toString('base64') },
      });
      s.create(REF.clusterSecretStores, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: CANARY.store },
        spec: {
          provider: {
            vault: {
              server: ctx.vault.url,
              path: CANARY.mount,
              version: 'v2',
              auth: {
                tokenSecretRef: {
                  name: 'vault-platform-token',
                  namespace: 'external-secrets',
                  key: 'token',
                },
              },
            },
          },
        },
      });
      // no backstage.io/kubernetes-id: the canary belongs to no entity, as in a real fleet
      s.create(REF.externalSecrets, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: CANARY.externalSecret, namespace: CANARY.namespace },
        spec: {
          refreshInterval: '1h0m0s',
          secretStoreRef: { kind: 'ClusterSecretStore', name: CANARY.store },
          target: { name: CANARY.externalSecret, creationPolicy: 'Owner' },
          data: [
            {
              secretKey: CANARY.property,
              remoteRef: { key: CANARY.key, property: CANARY.property },
            },
          ],
        },
      });
      s.create(REF.deployments, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: BENCH.deployment,
          namespace: BENCH.namespace,
          labels: {
            app: BENCH.deployment,
            'backstage.io/kubernetes-id': BENCH.component,
          },
          ...(usesReloader(i)
            ? { annotations: { 'reloader.stakater.com/auto': 'true' } }
            : {}),
        },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: BENCH.deployment } },
          template: {
            metadata: { labels: { app: BENCH.deployment } },
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'registry.example.com/bench-api:1.0.0',
                  envFrom: [{ secretRef: { name: BENCH.externalSecret } }],
                },
              ],
            },
          },
        },
      });
    });

    // the plugin's own Vault identity: the policy it ships, as the demo scenario makes it
    engine.writePolicy({
      name: 'backstage-secrets',
      policy: readFileSync(
        join(__dirname, '..', 'deploy', 'vault-policy.hcl'),
        'utf8',
      ),
    });
    return {
      pluginVaultToken: engine.createToken({
        policies: ['backstage-secrets'],
        ttlSeconds: 365 * 24 * 3600,
      }).token,
    };
  },
});
