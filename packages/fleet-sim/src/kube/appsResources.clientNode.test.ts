import { SimClock } from '../clock/SimClock';
import { rawRequest } from './__testUtils__/kubeTestClient';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';
import { ADMIN_RULES } from './http/accessRules';

/**
 * StatefulSets, DaemonSets, Pods, ConfigMaps and the events.k8s.io/v1 view of Events (reads and
 * creates) through the real @kubernetes/client-node (typed clients, so field names and types must
 * match the API).
 */
type K8s = typeof import('@kubernetes/client-node');

const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

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

  /**
   * Creating Events through events.k8s.io/v1 (EventsV1Api), as client-go's new event recorder
   * (k8s.io/client-go/tools/events) does: stored as core Events, validated strictly
   * (pkg/apis/core/validation/events.go ValidateEventCreate), answered in events.k8s.io's terms.
   */
  describe('events.k8s.io/v1 writes', () => {
    beforeAll(async () => {
      await kc
        .makeApiClient(k8s.CoreV1Api)
        .createNamespace({ body: { metadata: { name: 'rotation' } } });
    });

    const event = (name: string, fields: Record<string, unknown> = {}) => ({
      metadata: { name, namespace: 'rotation' },
      // MicroTime as client-go prints it (RFC3339Micro); client-node passes a string through
      eventTime: '2026-01-01T10:00:00.123456Z' as unknown as Date,
      reportingController: 'example.com/rotator',
      reportingInstance: 'rotator-7d9f',
      action: 'Rotate',
      reason: 'Rotated',
      note: 'rotated db-password',
      type: 'Normal',
      regarding: {
        apiVersion: 'v1',
        kind: 'Secret',
        name: 'db',
        namespace: 'rotation',
      },
      ...fields,
    });
    const failure = (e: { code?: number; body?: string }) => ({
      code: e.code,
      status: JSON.parse(e.body ?? '{}'),
    });

    it('creates an Event, stored as the core Event everyone else reads', async () => {
      const events = kc.makeApiClient(k8s.EventsV1Api);
      const created = await events.createNamespacedEvent(
        {
          namespace: 'rotation',
          body: event('db.rotated'),
        },
        // client-node's own User-Agent would name the manager; client-go sends the binary's name
        k8s.setHeaderOptions('User-Agent', 'rotator/v1.0 (linux/amd64)'),
      );
      expect(created).toMatchObject({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        note: 'rotated db-password',
        reportingController: 'example.com/rotator',
        reportingInstance: 'rotator-7d9f',
        action: 'Rotate',
        regarding: { kind: 'Secret', name: 'db', namespace: 'rotation' },
        deprecatedSource: {},
      });
      expect(created.eventTime).toBe('2026-01-01T10:00:00.123456Z');
      // the field manager works on what the client sent: events.k8s.io/v1's field names
      expect(created.metadata?.managedFields).toEqual([
        expect.objectContaining({
          manager: 'rotator',
          operation: 'Update',
          apiVersion: 'events.k8s.io/v1',
          fieldsV1: expect.objectContaining({
            'f:note': {},
            'f:regarding': expect.anything(),
            'f:reportingController': {},
          }),
        }),
      ]);

      const core = await kc
        .makeApiClient(k8s.CoreV1Api)
        .readNamespacedEvent({ name: 'db.rotated', namespace: 'rotation' });
      expect(core).toMatchObject({
        message: 'rotated db-password',
        reportingComponent: 'example.com/rotator',
        involvedObject: { kind: 'Secret', name: 'db' },
      });
      expect(core.metadata?.uid).toBe(created.metadata?.uid);

      const listed = await events.listNamespacedEvent({
        namespace: 'rotation',
        fieldSelector: 'reportingController=example.com/rotator',
      });
      expect(listed.items.map(e => e.metadata?.name)).toEqual(['db.rotated']);
    });

    it('answers a create that misses what events.k8s.io requires with 422 and the fields', async () => {
      const events = kc.makeApiClient(k8s.EventsV1Api);
      const noTime = await events
        .createNamespacedEvent({
          namespace: 'rotation',
          body: event('no-time', { eventTime: undefined }),
        })
        .catch(e => e);
      expect(failure(noTime)).toMatchObject({
        code: 422,
        status: {
          reason: 'Invalid',
          message:
            'Event.events.k8s.io "no-time" is invalid: eventTime: Required value',
          details: {
            name: 'no-time',
            group: 'events.k8s.io',
            kind: 'Event',
            causes: [
              {
                reason: 'FieldValueRequired',
                message: 'Required value',
                field: 'eventTime',
              },
            ],
          },
        },
      });

      const anonymous = await events
        .createNamespacedEvent({
          namespace: 'rotation',
          body: event('anonymous', {
            reportingController: undefined,
            reportingInstance: undefined,
            action: undefined,
            deprecatedCount: 3,
            type: 'Fine',
          }),
        })
        .catch(e => e);
      expect(failure(anonymous).status.message).toBe(
        `Event.events.k8s.io "anonymous" is invalid: [reportingController: Required value, reportingController: Invalid value: "": name part must be non-empty, reportingController: Invalid value: "": ${QUALIFIED_NAME_PART}, reportingInstance: Required value, action: Required value, type: Invalid value: "": has invalid value: Fine, count: Invalid value: "": needs to be unset]`,
      );
      const { items } = await kc
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedEvent({ namespace: 'rotation' });
      expect(items.map(e => e.metadata?.name)).toEqual(['db.rotated']);
    });

    it('decodes eventTime as MicroTime: exactly six fractional digits, stored in UTC', async () => {
      const events = kc.makeApiClient(k8s.EventsV1Api);
      // what client-node sends for a Date: toISOString(), milliseconds
      const millis = await events
        .createNamespacedEvent({
          namespace: 'rotation',
          body: event('millis', {
            eventTime: new Date('2026-01-01T10:00:00.123Z'),
          }),
        })
        .catch(e => e);
      expect(failure(millis)).toMatchObject({
        code: 400,
        status: {
          reason: 'BadRequest',
          message:
            'Event in version "v1" cannot be handled as a Event: parsing time "2026-01-01T10:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
        },
      });
      const offset = await events.createNamespacedEvent({
        namespace: 'rotation',
        body: event('offset', {
          eventTime: '2026-01-01T12:00:00.000001+02:00' as unknown as Date,
        }),
      });
      expect(offset.eventTime).toBe('2026-01-01T10:00:00.000001Z');
    });

    it('keeps the legacy rules for core/v1 writes: the namespace must match the involved object', async () => {
      const bad = await kc
        .makeApiClient(k8s.CoreV1Api)
        .createNamespacedEvent({
          namespace: 'default',
          body: {
            metadata: { name: 'elsewhere' },
            involvedObject: {
              kind: 'Secret',
              name: 'db',
              namespace: 'payments',
            },
            reason: 'Moved',
          },
        })
        .catch(e => e);
      expect(failure(bad).status.message).toBe(
        'Event "elsewhere" is invalid: involvedObject.namespace: Invalid value: "payments": does not match event.namespace',
      );
    });
  });
});
