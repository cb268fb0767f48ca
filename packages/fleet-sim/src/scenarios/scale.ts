/*
 * The `scale` scenario: N clusters x M ExternalSecrets (default 50 x 2000) for load tests of the
 * plugin. Objects are seeded already synced — Ready stores, ExternalSecrets with a SecretSynced
 * status whose refreshTime is spread over the refresh interval, and valid target Secrets — so ESO
 * starts in steady state (every reconcile takes the skip path) instead of stampeding Vault.
 */
import type { KubeObject } from '../kube/types';
import {
  ANNOTATION_DATA_HASH,
  LABEL_MANAGED,
  LABEL_OWNER,
} from '../eso/constants';
import {
  ownerLabelValue,
  resourceVersionOf,
  secretDataHash,
} from '../eso/hashes';
import { COMPONENT_LABEL, namespace, opaqueSecret, REF } from './objects';
import type {
  ClusterAccess,
  ClusterPlan,
  Scenario,
  ScenarioOptions,
} from './types';

const NAMESPACES = 20;
const COMPONENTS = 100;
const VAULT_KEYS = 50;
const REFRESH_MS = 3_600_000;

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return key => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = compute(key)));
    return value;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const rfc3339 = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function seedCluster(
  cluster: ClusterAccess,
  vaultUrl: string,
  token: string,
  perCluster: number,
  nowMs: number,
): void {
  // every seeded object is fresh and handed over (adopt): no copies in and out of the store
  const s = cluster.store;
  // ESO's hashes (sha3 of Go's %+v text) of what repeats: 50 values, 100 label sets
  const secretData = memo((key: number) => {
    const data = {
      username: Buffer.from(`user-${key}`).toString('base64'),
      password: Buffer.from(`pw-${key}-v1`).toString('base64'),
    };
    return { data, dataHash: secretDataHash(data) };
  });
  const versions = memo((meta: string) => resourceVersionOf(JSON.parse(meta)));
  const syncedVersion = (meta: KubeObject['metadata']) =>
    versions(
      JSON.stringify({
        generation: meta.generation,
        labels: meta.labels,
        annotations: meta.annotations,
      }),
    );
  const apiVersion =
    cluster.eso === 'v1'
      ? 'external-secrets.io/v1'
      : 'external-secrets.io/v1beta1';
  s.adopt(REF.namespaces, namespace('external-secrets'));
  s.adopt(
    REF.secrets,
    opaqueSecret('external-secrets', 'vault-token', { token }),
  );
  const css = s.adopt(REF.clusterSecretStores, {
    apiVersion,
    kind: 'ClusterSecretStore',
    metadata: { name: 'vault' },
    spec: {
      provider: {
        vault: {
          server: vaultUrl,
          path: 'scale',
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
  const validated = rfc3339(nowMs);
  s.adoptStatus(REF.clusterSecretStores, {
    ...css,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Valid',
          message: 'store validated',
          lastTransitionTime: validated,
        },
      ],
      capabilities: 'ReadWrite',
    },
  });
  for (let n = 0; n < NAMESPACES; n++)
    s.adopt(REF.namespaces, namespace(`team-${pad(n, 2)}`));

  for (let i = 0; i < perCluster; i++) {
    const ns = `team-${pad(i % NAMESPACES, 2)}`;
    const name = `app-${pad(i, 5)}`;
    const key = `apps/app-${pad(i % VAULT_KEYS, 2)}`;
    const es = s.adopt(REF.externalSecrets, {
      apiVersion,
      kind: 'ExternalSecret',
      metadata: {
        name,
        namespace: ns,
        labels: { [COMPONENT_LABEL]: `component-${pad(i % COMPONENTS, 3)}` },
        finalizers: [
          'externalsecrets.external-secrets.io/externalsecret-cleanup',
        ],
      },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name, creationPolicy: 'Owner' },
        data: [
          { secretKey: 'username', remoteRef: { key, property: 'username' } },
          { secretKey: 'password', remoteRef: { key, property: 'password' } },
        ],
      },
    });
    const { data, dataHash } = secretData(i % VAULT_KEYS);
    s.adopt(REF.secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name,
        namespace: ns,
        labels: {
          [COMPONENT_LABEL]: es.metadata.labels![COMPONENT_LABEL],
          [LABEL_MANAGED]: 'true',
          [LABEL_OWNER]: ownerLabelValue(ns, name),
        },
        annotations: { [ANNOTATION_DATA_HASH]: dataHash },
        ownerReferences: [
          {
            apiVersion,
            kind: 'ExternalSecret',
            name,
            uid: es.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      // a Secret of its own: an adopted object is the store's, not shared with the next one
      data: { ...data },
    });
    // refreshes spread evenly over the hour, like a fleet that has been running for a while
    const refreshed = rfc3339(
      nowMs - Math.floor((i / perCluster) * REFRESH_MS),
    );
    s.adoptStatus(REF.externalSecrets, {
      ...es,
      status: {
        refreshTime: refreshed,
        syncedResourceVersion: syncedVersion(es.metadata),
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'SecretSynced',
            message: 'secret synced',
            lastTransitionTime: refreshed,
          },
        ],
        binding: { name },
      },
    } as KubeObject);
  }
}

export const scaleScenario: Scenario = {
  name: 'scale',
  // the seed itself is ~3 events per ExternalSecret; keeping all of them would double memory
  watchHistorySize: 5_000,
  plan(options: ScenarioOptions): ClusterPlan[] {
    const n = options.clusters ?? 50;
    return Array.from({ length: n }, (_, i) => ({
      name: `cluster-${pad(i, 3)}`,
      environment: i % 5 === 0 ? 'dev' : 'prod',
      eso: 'v1',
    }));
  },
  seed(ctx, options) {
    const { engine } = ctx.vault;
    engine.enableKv({ path: 'scale', version: 2 });
    for (let k = 0; k < VAULT_KEYS; k++) {
      engine.putSecret({
        mount: 'scale',
        path: `apps/app-${pad(k, 2)}`,
        data: { username: `user-${k}`, password: `pw-${k}-v1` },
      });
    }
    engine.writePolicy({
      name: 'scale-read',
      policy:
        'path "scale/data/*" { capabilities = ["read"] }\npath "scale/metadata/*" { capabilities = ["read"] }',
    });
    const { token } = engine.createToken({
      policies: ['scale-read'],
      ttlSeconds: 10 * 365 * 24 * 3600,
    });
    const now = ctx.now();
    for (const cluster of ctx.clusters)
      seedCluster(
        cluster,
        ctx.vault.url,
        token,
        options.perCluster ?? 2000,
        now,
      );
  },
};
