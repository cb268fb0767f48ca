/*
 * Builders for the Kubernetes objects scenarios create. Kept plain (no defaults the API server
 * would add) so objects look like what a GitOps tool applies.
 */
import type { KubeObject } from '../kube/types';

export const REF = {
  namespaces: { group: '', resource: 'namespaces' },
  secrets: { group: '', resource: 'secrets' },
  serviceAccounts: { group: '', resource: 'serviceaccounts' },
  deployments: { group: 'apps', resource: 'deployments' },
  externalSecrets: {
    group: 'external-secrets.io',
    resource: 'externalsecrets',
  },
  secretStores: { group: 'external-secrets.io', resource: 'secretstores' },
  clusterSecretStores: {
    group: 'external-secrets.io',
    resource: 'clustersecretstores',
  },
  clusterExternalSecrets: {
    group: 'external-secrets.io',
    resource: 'clusterexternalsecrets',
  },
  pushSecrets: { group: 'external-secrets.io', resource: 'pushsecrets' },
};

export const COMPONENT_LABEL = 'backstage.io/kubernetes-id';

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
  };
}

export function serviceAccount(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  };
}

export function opaqueSecret(
  ns: string,
  name: string,
  values: Record<string, string>,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
  };
}

export interface DeploymentSpec {
  ns: string;
  name: string;
  component: string;
  replicas?: number;
  annotations?: Record<string, string>;
  envFromSecrets?: string[];
  envSecretKeys?: Array<{ env: string; secret: string; key: string }>;
  volumeSecrets?: string[];
}

export function deployment(spec: DeploymentSpec): KubeObject {
  const volumes = (spec.volumeSecrets ?? []).map(s => ({
    name: s,
    secret: { secretName: s },
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: spec.name,
      namespace: spec.ns,
      labels: { app: spec.name, [COMPONENT_LABEL]: spec.component },
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    },
    spec: {
      replicas: spec.replicas ?? 2,
      selector: { matchLabels: { app: spec.name } },
      template: {
        metadata: {
          labels: { app: spec.name, [COMPONENT_LABEL]: spec.component },
        },
        spec: {
          containers: [
            {
              name: spec.name,
              image: `registry.example.com/${spec.component}:1.0.0`,
              ...(spec.envFromSecrets?.length
                ? {
                    envFrom: spec.envFromSecrets.map(s => ({
                      secretRef: { name: s },
                    })),
                  }
                : {}),
              ...(spec.envSecretKeys?.length
                ? {
                    env: spec.envSecretKeys.map(e => ({
                      name: e.env,
                      valueFrom: {
                        secretKeyRef: { name: e.secret, key: e.key },
                      },
                    })),
                  }
                : {}),
              ...(volumes.length
                ? {
                    volumeMounts: volumes.map(v => ({
                      name: v.name,
                      mountPath: `/etc/secrets/${v.name}`,
                      readOnly: true,
                    })),
                  }
                : {}),
            },
          ],
          ...(volumes.length ? { volumes } : {}),
        },
      },
    },
  };
}
