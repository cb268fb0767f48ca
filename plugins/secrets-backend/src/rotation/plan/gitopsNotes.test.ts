import type {
  PlanCluster,
  PlanExternalSecret,
} from '@secrets-plugin/plugin-secrets-common';
import { gitopsNotes } from './gitopsNotes';

const es = (
  name: string,
  extra: Partial<PlanExternalSecret> = {},
): PlanExternalSecret => ({
  namespace: 'payments',
  name,
  store: {
    cluster: 'prod-eu',
    kind: 'ClusterSecretStore' as const,
    name: 'vault',
    ready: true,
  },
  refreshPolicy: 'Periodic' as const,
  blockers: [],
  target: { name, exists: true },
  pushedBy: [],
  ...extra,
});

const cluster: PlanCluster = {
  cluster: 'prod-eu',
  reachable: true,
  externalSecrets: [
    es('by-argo', { managedBy: 'argocd' }),
    es('by-hand'),
    es('child', {
      managedBy: 'flux',
      via: { kind: 'ClusterExternalSecret', name: 'parent' },
    }),
  ],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'api',
      restartedBy: 'us',
      secrets: ['by-argo'],
      managedBy: 'flux',
    },
    {
      kind: 'StatefulSet',
      namespace: 'payments',
      name: 'db',
      restartedBy: 'Reloader',
      secrets: ['by-argo'],
      managedBy: 'argocd',
    },
  ],
};

describe('gitopsNotes', () => {
  it('names every object a GitOps tool manages that the rotation annotates, with what the tool does', () => {
    expect(gitopsNotes([cluster])).toEqual([
      {
        cluster: 'prod-eu',
        kind: 'ExternalSecret',
        namespace: 'payments',
        name: 'by-argo',
        tool: 'argocd',
        annotation: 'force-sync',
        effect: expect.stringMatching(
          /^Argo CD does not compare fields Git does not set.*ESO re-syncs at once.*Replace=true drops it again\.$/,
        ),
      },
      {
        cluster: 'prod-eu',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'api',
        tool: 'flux',
        annotation:
          'spec.template.metadata.annotations["secrets.backstage.io/rotation"]',
        effect: expect.not.stringMatching(/Replace/),
      },
    ]);
  });

  it('is empty when nothing is managed, and skips children bumped through their ClusterExternalSecret and workloads others restart', () => {
    expect(
      gitopsNotes([
        {
          ...cluster,
          externalSecrets: [
            cluster.externalSecrets[1],
            cluster.externalSecrets[2],
          ],
          workloads: [cluster.workloads[1]],
        },
      ]),
    ).toEqual([]);
  });
});
