import { SimClock } from '../clock/SimClock';
import {
  createKubeApiServer,
  KubeApiServerHandle,
} from './createKubeApiServer';
import { ADMIN_RULES } from './http/accessRules';

/**
 * Creating Events through events.k8s.io/v1 with @kubernetes/client-node's EventsV1Api, as
 * client-go's new event recorder (k8s.io/client-go/tools/events) does: stored as core Events,
 * validated strictly (pkg/apis/core/validation/events.go ValidateEventCreate), answered and
 * listed in events.k8s.io's terms.
 */
type K8s = typeof import('@kubernetes/client-node');

const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('events.k8s.io/v1 writes with @kubernetes/client-node', () => {
  let k8s: K8s;
  let clock: SimClock;
  let server: KubeApiServerHandle;
  let kc: InstanceType<K8s['KubeConfig']>;

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    clock = new SimClock();
    // plain HTTP: these tests are about the body, and TLS key pairs cost the suite seconds
    server = await createKubeApiServer({ name: 'events', clock, tls: false });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      // client-node insists on skipTLSVerify for plain HTTP
      clusters: [{ name: 'sim', server: server.url, skipTLSVerify: true }],
      users: [
        { name: 'sim', token: server.issueToken(ADMIN_RULES, { user: 'a' }) },
      ],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
      currentContext: 'sim',
    });
  }, 30_000); // the ESM import can take seconds on a loaded CI machine

  afterAll(async () => {
    await server?.stop();
    clock.dispose();
  });

  const event = (name: string, fields: Record<string, unknown> = {}) => ({
    metadata: { name, namespace: 'default' },
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
      namespace: 'default',
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
        namespace: 'default',
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
      regarding: { kind: 'Secret', name: 'db', namespace: 'default' },
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
      .readNamespacedEvent({ name: 'db.rotated', namespace: 'default' });
    expect(core).toMatchObject({
      message: 'rotated db-password',
      reportingComponent: 'example.com/rotator',
      involvedObject: { kind: 'Secret', name: 'db' },
    });
    expect(core.metadata?.uid).toBe(created.metadata?.uid);

    const listed = await events.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'reportingController=example.com/rotator',
    });
    expect(listed.items.map(e => e.metadata?.name)).toEqual(['db.rotated']);
  });

  it('answers a create that misses what events.k8s.io requires with 422 and the fields', async () => {
    const events = kc.makeApiClient(k8s.EventsV1Api);
    const noTime = await events
      .createNamespacedEvent({
        namespace: 'default',
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
        namespace: 'default',
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
      .listNamespacedEvent({ namespace: 'default' });
    expect(items.map(e => e.metadata?.name)).toEqual(['db.rotated']);
  });

  it('decodes eventTime as MicroTime: exactly six fractional digits, stored in UTC', async () => {
    const events = kc.makeApiClient(k8s.EventsV1Api);
    // what client-node sends for a Date: toISOString(), milliseconds
    const millis = await events
      .createNamespacedEvent({
        namespace: 'default',
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
      namespace: 'default',
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
          involvedObject: { kind: 'Secret', name: 'db', namespace: 'payments' },
          reason: 'Moved',
        },
      })
      .catch(e => e);
    expect(failure(bad).status.message).toBe(
      'Event "elsewhere" is invalid: involvedObject.namespace: Invalid value: "payments": does not match event.namespace',
    );
  });
});
