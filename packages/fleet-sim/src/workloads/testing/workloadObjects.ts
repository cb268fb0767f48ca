/* Test-only: StatefulSet and DaemonSet manifests that read the `db` Secret through env. */
import type { KubeObject } from '../../kube/types';

export function workload(
  kind: 'StatefulSet' | 'DaemonSet',
  name: string,
  annotations: Record<string, string> = {},
  replicas = 3,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {
      ...(kind === 'StatefulSet' ? { replicas, serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              env: [
                {
                  name: 'PASSWORD',
                  valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
                },
              ],
            },
          ],
        },
      },
    },
  };
}
