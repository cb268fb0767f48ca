import { SimClock } from '../clock/SimClock';
import { rawRequest } from './__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';
import { ADMIN_RULES } from './http/accessRules';

/**
 * StatefulSets, DaemonSets, Pods, ConfigMaps and the events.k8s.io/v1 view of Events through the
 * real @kubernetes/client-node (typed clients, so field names and types must match the API).
 */
type K8s = typeof import('@kubernetes/client-node');

describe('workload kinds and events.k8s.io with @kubernetes/client-node', () => {
  let k8s: K8s;
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let kc: InstanceType<K8s['KubeConfig']>;

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    clock = new SimClock();
    server = await createKubeApiServer({ name: 'apps', clock, tls: true });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'sim', server: server.url, caData: server.caData }],
      users: [
        { name: 'sim', token: server.issueToken(ADMIN_RULES, { user: 'a' }) },
      ],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
      currentContext: 'sim',
    });
  }, 30_000); // the ESM import and the TLS key pairs can take seconds on a loaded CI machine

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  it('creates a StatefulSet and a DaemonSet with the apps/v1 defaults', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    };
    const sts = await apps.createNamespacedStatefulSet({
      namespace: 'default',
      body: {
        metadata: { name: 'ledger' },
        spec: {
          serviceName: 'ledger',
          selector: { matchLabels: { app: 'x' } },
          template,
        },
      },
    });
    expect(sts.spec?.replicas).toBe(1);
    expect(sts.spec?.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
    expect(sts.spec?.podManagementPolicy).toBe('OrderedReady');
    expect(sts.metadata?.generation).toBe(1);
    const ds = await apps.createNamespacedDaemonSet({
      namespace: 'default',
      body: {
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'x' } }, template },
      },
    });
    expect(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable).toBe(1);
    expect(ds.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    const list = await apps.listNamespacedStatefulSet({ namespace: 'default' });
    expect(list.items.map(i => i.metadata?.name)).toEqual(['ledger']);
  });

  it('stores ConfigMaps and Pods and watches Pods', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { mode: 'fast' } },
    });
    expect(
      (
        await core.readNamespacedConfigMap({
          namespace: 'default',
          name: 'settings',
        })
      ).data,
    ).toEqual({ mode: 'fast' });

    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/default/pods',
      {},
      (type, pod) =>
        seen.push(`${type} ${pod.metadata.name} ${pod.status?.phase}`),
      () => undefined,
    );
    const pod = await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'web-0' },
        spec: { containers: [{ name: 'app', image: 'app:1' }] },
      },
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(pod.spec?.serviceAccountName).toBe('default');
    for (let i = 0; i < 100 && seen.length === 0; i++)
      await new Promise(r => setTimeout(r, 20));
    request.abort();
    expect(seen).toEqual(['ADDED web-0 Pending']);
  });

  it('serves the core Events again as events.k8s.io/v1, same objects with the new field names', async () => {
    const involved = server.store.get(
      { group: 'apps', resource: 'statefulsets' },
      'default',
      'ledger',
    )!;
    server.store.recordEvent(
      involved,
      'Warning',
      'Failed',
      'it broke',
      'tester',
    );
    server.store.recordEvent(
      involved,
      'Warning',
      'Failed',
      'it broke',
      'tester',
    );
    const core = await kc
      .makeApiClient(k8s.CoreV1Api)
      .listNamespacedEvent({ namespace: 'default' });
    const events = await kc.makeApiClient(k8s.EventsV1Api).listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'regarding.name=ledger,reportingController=tester',
    });
    expect(events.items).toHaveLength(1);
    const [view] = events.items;
    const [original] = core.items.filter(
      e => e.involvedObject.name === 'ledger',
    );
    expect(view.metadata?.uid).toBe(original.metadata?.uid);
    expect(view.metadata?.resourceVersion).toBe(
      original.metadata?.resourceVersion,
    );
    expect(view).toMatchObject({
      note: 'it broke',
      reason: 'Failed',
      type: 'Warning',
      reportingController: 'tester',
      deprecatedCount: 2,
      deprecatedSource: { component: 'tester' },
      regarding: { kind: 'StatefulSet', name: 'ledger', namespace: 'default' },
    });
    const raw = await rawRequest(
      server,
      `/apis/events.k8s.io/v1/namespaces/default/events/${view.metadata!.name}`,
      { token: server.issueToken(ADMIN_RULES, { user: 'a' }) },
    );
    const body = raw.json();
    expect(Object.keys(body)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'eventTime',
      'reportingController',
      'reason',
      'regarding',
      'note',
      'type',
      'deprecatedSource',
      'deprecatedFirstTimestamp',
      'deprecatedLastTimestamp',
      'deprecatedCount',
    ]);
    expect(body.apiVersion).toBe('events.k8s.io/v1');
    expect(body.message).toBeUndefined();
  });

  it('watches the events.k8s.io view: a recorded core Event arrives converted', async () => {
    const seen: Array<{ type: string; note?: string; apiVersion?: string }> =
      [];
    const watch = new k8s.Watch(kc);
    const list = await kc
      .makeApiClient(k8s.EventsV1Api)
      .listNamespacedEvent({ namespace: 'default' });
    const request = await watch.watch(
      '/apis/events.k8s.io/v1/namespaces/default/events',
      { resourceVersion: list.metadata?.resourceVersion },
      (type, event) =>
        seen.push({ type, note: event.note, apiVersion: event.apiVersion }),
      () => undefined,
    );
    const involved = server.store.get(
      { group: 'apps', resource: 'daemonsets' },
      'default',
      'agent',
    )!;
    server.store.recordEvent(involved, 'Normal', 'Seen', 'watch me', 'tester');
    for (let i = 0; i < 100 && seen.length === 0; i++)
      await new Promise(r => setTimeout(r, 20));
    request.abort();
    expect(seen).toEqual([
      { type: 'ADDED', note: 'watch me', apiVersion: 'events.k8s.io/v1' },
    ]);
  });
});
