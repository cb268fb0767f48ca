import { ClusterData } from './ClusterData';
import { projectExternalSecret, projectWorkload } from './projections';

const pod = {
  containers: [
    {
      env: [{ valueFrom: { secretKeyRef: { name: 'from-env', key: 'k' } } }],
      envFrom: [{ secretRef: { name: 'from-envfrom' } }],
    },
  ],
  initContainers: [{ envFrom: [{ secretRef: { name: 'from-init' } }] }],
  volumes: [
    { secret: { secretName: 'from-volume' } },
    { projected: { sources: [{ secret: { name: 'from-projected' } }] } },
    { configMap: { name: 'not-a-secret' } },
  ],
};

const workload = (
  metadata: Record<string, unknown>,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
) => ({
  metadata: { namespace: 'ns', name: 'w', generation: 2, ...metadata },
  spec: { template: { spec: pod }, ...spec },
  status,
});

describe('projectWorkload', () => {
  it('finds Secrets in env, envFrom, init containers, volumes and projected volumes', () => {
    const w = projectWorkload('StatefulSet')(workload({}, {}, {}));
    expect(w.kind).toBe('StatefulSet');
    expect(w.secretNames.sort()).toEqual([
      'from-env',
      'from-envfrom',
      'from-init',
      'from-projected',
      'from-volume',
    ]);
  });

  it('reads a Deployment rollout as kubectl rollout status does', () => {
    const d = (status: Record<string, unknown>, generation = 2) =>
      projectWorkload('Deployment')(
        workload({ generation }, { replicas: 3 }, status),
      ).rolloutComplete;
    const done = {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    };
    expect(d(done)).toBe(true);
    expect(d(done, 3)).toBe(false); // the controller has not seen the patch
    expect(d({ ...done, replicas: 4 })).toBe(false); // an old pod still terminating
    expect(d({ ...done, updatedReplicas: 2 })).toBe(false);
    expect(d({ ...done, availableReplicas: 2 })).toBe(false);
    expect(
      d({
        ...done,
        conditions: [
          { type: 'Progressing', reason: 'ProgressDeadlineExceeded' },
        ],
      }),
    ).toBe(false);
  });

  it('reads a StatefulSet rollout by ready replicas and revisions', () => {
    const s = (status: Record<string, unknown>, spec = {}) =>
      projectWorkload('StatefulSet')(
        workload({}, { replicas: 2, ...spec }, status),
      ).rolloutComplete;
    const done = {
      observedGeneration: 2,
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      currentRevision: 'w-1',
      updateRevision: 'w-1',
    };
    expect(s(done)).toBe(true);
    expect(s({ ...done, updateRevision: 'w-2' })).toBe(false);
    expect(s({ ...done, readyReplicas: 1 })).toBe(false);
    expect(s({ ...done, observedGeneration: 1 })).toBe(false);
    // partitioned: only the pods above the partition must be updated
    expect(
      s(
        { ...done, updateRevision: 'w-2', updatedReplicas: 1 },
        { updateStrategy: { rollingUpdate: { partition: 1 } } },
      ),
    ).toBe(true);
    expect(s({}, { updateStrategy: { type: 'OnDelete' } })).toBe(true);
  });

  it('reads a DaemonSet rollout by scheduled, updated and available pods', () => {
    const project = (status: Record<string, unknown>) =>
      projectWorkload('DaemonSet')(workload({}, {}, status));
    const done = {
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    };
    expect(project(done)).toMatchObject({
      rolloutComplete: true,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(
      project({ ...done, updatedNumberScheduled: 2 }).rolloutComplete,
    ).toBe(false);
    expect(project({ ...done, numberAvailable: 2 }).rolloutComplete).toBe(
      false,
    );
  });

  it('names the GitOps tool that manages a workload or an ExternalSecret', () => {
    const managed = (metadata: Record<string, unknown>) =>
      projectWorkload('Deployment')(workload(metadata, {}, {})).managedBy;
    expect(managed({})).toBeUndefined();
    expect(
      managed({ annotations: { 'argocd.argoproj.io/tracking-id': 'a:x' } }),
    ).toBe('argocd');
    expect(managed({ labels: { 'app.kubernetes.io/instance': 'a' } })).toBe(
      'argocd',
    );
    // Helm (under Flux too) sets the instance label: Flux's own label decides
    expect(
      managed({
        labels: {
          'app.kubernetes.io/instance': 'a',
          'helm.toolkit.fluxcd.io/name': 'a',
        },
      }),
    ).toBe('flux');
    const es = projectExternalSecret({
      metadata: {
        namespace: 'ns',
        name: 'es',
        labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' },
        annotations: { 'secrets.backstage.io/rotate': 'password' },
      },
      spec: {},
    });
    expect(es).toMatchObject({ managedBy: 'flux', rotate: 'password' });
  });
});

describe('ClusterData workloads', () => {
  const w = (kind: 'Deployment' | 'StatefulSet', name: string) =>
    projectWorkload(kind)({
      metadata: { namespace: 'ns', name },
      spec: { template: { spec: pod } },
    });

  it('lists consumers of every kind and relists one kind without touching the others', () => {
    const data = new ClusterData();
    data
      .workloadSink('Deployment')
      .replace([['ns/api', w('Deployment', 'api')]]);
    data.workloadSink('StatefulSet').upsert('ns/db', w('StatefulSet', 'db'));
    const names = () =>
      data
        .consumersOf('ns', 'from-env')
        .map(x => `${x.kind}/${x.name}`)
        .sort();
    expect(names()).toEqual(['Deployment/api', 'StatefulSet/db']);
    data.workloadSink('Deployment').replace([]);
    expect(names()).toEqual(['StatefulSet/db']);
    expect(data.workload('StatefulSet', 'ns', 'db')?.name).toBe('db');
    data.workloadSink('StatefulSet').remove('ns/db');
    expect(names()).toEqual([]);
  });
});
