import { request } from 'node:https';
import type { FleetHandle } from '@internal/fleet-sim';

const ADMIN = [{ verbs: ['*'], resources: ['*'] }];

export interface KubeWriter {
  /** `external-secrets.io/<version>` the cluster serves (v1beta1 on the old prod-us). */
  esoApiVersion: string;
  createNamespace(name: string): Promise<unknown>;
  createExternalSecret(
    namespace: string,
    name: string,
    labels: Record<string, string>,
  ): Promise<unknown>;
  /** JSON merge patch of the labels: `null` removes one. */
  patchExternalSecretLabels(
    namespace: string,
    name: string,
    labels: Record<string, string | null>,
  ): Promise<unknown>;
  deleteExternalSecret(namespace: string, name: string): Promise<unknown>;
}

/**
 * Writes to one fleet cluster through its Kubernetes REST API with a cluster-admin token, as
 * kubectl would: the plugin only sees the result through its watches. (The plugin's own token is
 * read-mostly, so tests get their own.)
 */
export function kubeWriter(
  fleet: FleetHandle,
  clusterName: string,
): KubeWriter {
  const cluster = fleet.cluster(clusterName);
  const token = cluster.api.issueToken(ADMIN);
  const ca = cluster.api.caData
    ? Buffer.from(cluster.api.caData, 'base64').toString('utf8')
    : undefined;
  const esoVersion = cluster.plan.eso === 'v1' ? 'v1' : 'v1beta1';
  const esPath = (namespace: string, name = '') =>
    `/apis/external-secrets.io/${esoVersion}/namespaces/${namespace}/externalsecrets${
      name ? `/${name}` : ''
    }`;

  const send = (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(
        new URL(path, cluster.api.url),
        {
          method,
          ca,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': contentType }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 300)
              reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text));
          });
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  return {
    esoApiVersion: `external-secrets.io/${esoVersion}`,
    createNamespace: name =>
      send('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      }),
    createExternalSecret: (namespace, name, labels) =>
      send('POST', esPath(namespace), {
        apiVersion: `external-secrets.io/${esoVersion}`,
        kind: 'ExternalSecret',
        metadata: { name, namespace, labels },
        spec: {
          refreshInterval: '1h0m0s',
          secretStoreRef: {
            kind: 'ClusterSecretStore',
            name: 'vault-payments',
          },
          target: { name },
          data: [
            {
              secretKey: 'value',
              remoteRef: { key: `matching/${name}`, property: 'value' },
            },
          ],
        },
      }),
    patchExternalSecretLabels: (namespace, name, labels) =>
      send(
        'PATCH',
        esPath(namespace, name),
        { metadata: { labels } },
        'application/merge-patch+json',
      ),
    deleteExternalSecret: (namespace, name) =>
      send('DELETE', esPath(namespace, name)),
  };
}
