import { ClusterWriter } from './ClusterWriter';
import type { KubeHttp } from './KubeHttp';

function setup(esoVersion = 'v1') {
  const calls: Array<{
    method: string;
    path: string;
    body: any;
    contentType?: string;
    query?: Record<string, string>;
  }> = [];
  const http = {
    patch: async (
      path: string,
      body: any,
      contentType: string,
      query: Record<string, string>,
    ) => {
      calls.push({ method: 'PATCH', path, body, contentType, query });
      return { metadata: { generation: 7 } };
    },
    create: async (path: string, body: any) => {
      calls.push({ method: 'POST', path, body });
      const attrs = body.spec.resourceAttributes;
      return {
        status:
          attrs.verb === 'patch'
            ? { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding' }
            : { allowed: false },
      };
    },
  } as unknown as KubeHttp;
  return { writer: new ClusterWriter(http, () => esoVersion), calls };
}

describe('ClusterWriter', () => {
  it('annotates stores and ExternalSecrets with merge patches under the plugin field manager', async () => {
    const { writer, calls } = setup();
    await writer.bumpStore(
      { kind: 'SecretStore', namespace: 'ns', name: 's' },
      '100',
    );
    await writer.bumpStore({ kind: 'ClusterSecretStore', name: 'c' }, '100');
    await writer.forceSyncExternalSecret({ namespace: 'ns', name: 'es' }, 'r1');
    await writer.forceSyncClusterExternalSecret('ces', 'r1');
    expect(calls.map(c => [c.path, c.body.metadata.annotations])).toEqual([
      [
        '/apis/external-secrets.io/v1/namespaces/ns/secretstores/s',
        { 'secrets.backstage.io/revalidate': '100' },
      ],
      [
        '/apis/external-secrets.io/v1/clustersecretstores/c',
        { 'secrets.backstage.io/revalidate': '100' },
      ],
      [
        '/apis/external-secrets.io/v1/namespaces/ns/externalsecrets/es',
        { 'force-sync': 'r1' },
      ],
      [
        '/apis/external-secrets.io/v1/clusterexternalsecrets/ces',
        { 'external-secrets.io/force-sync': 'r1' },
      ],
    ]);
    for (const c of calls) {
      expect(c.contentType).toBe('application/merge-patch+json');
      expect(c.query).toEqual({ fieldManager: 'backstage-secrets' });
    }
  });

  it('restarts a workload through its pod-template annotation and returns the new generation', async () => {
    const { writer, calls } = setup();
    const out = await writer.restartWorkload(
      { kind: 'DaemonSet', namespace: 'ns', name: 'agent' },
      'rot-1',
    );
    expect(out).toEqual({ generation: 7 });
    expect(calls[0]).toMatchObject({
      path: '/apis/apps/v1/namespaces/ns/daemonsets/agent',
      contentType: 'application/strategic-merge-patch+json',
      query: { fieldManager: 'backstage-secrets' },
      body: {
        spec: {
          template: {
            metadata: {
              annotations: { 'secrets.backstage.io/rotation': 'rot-1' },
            },
          },
        },
      },
    });
  });

  it('asks one SelfSubjectAccessReview per check, answers in order', async () => {
    const { writer, calls } = setup();
    const answers = await writer.canI([
      {
        verb: 'patch',
        group: 'apps',
        resource: 'deployments',
        namespace: 'ns',
      },
      { verb: 'delete', group: '', resource: 'secrets' },
    ]);
    expect(answers).toEqual([
      { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding' },
      { allowed: false },
    ]);
    expect(calls[1]).toMatchObject({
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: 'delete',
            group: '',
            resource: 'secrets',
          },
        },
      },
    });
  });

  it('refuses ESO writes to a cluster without ESO, before any request', async () => {
    const { writer, calls } = setup('none');
    await expect(
      writer.forceSyncExternalSecret({ namespace: 'ns', name: 'es' }, 'r1'),
    ).rejects.toMatchObject({ status: 404 });
    expect(calls).toEqual([]);
  });
});
