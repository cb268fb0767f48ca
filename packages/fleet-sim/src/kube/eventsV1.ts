import { ResourceDefinition } from './resourceDefinition';
import { KubeObject } from './types';

/**
 * events.k8s.io/v1 Events: not objects of their own but a second view of the core/v1 Events, as
 * a real server serves them (pkg/registry/events/rest: the same etcd objects, converted through
 * the internal core.Event by Convert_core_Event_To_v1_Event in pkg/apis/events/v1/conversion.go):
 * message is `note`, involvedObject `regarding`, reportingComponent `reportingController`, source
 * `deprecatedSource`, first/lastTimestamp and count `deprecated*`. Names, uids and
 * resourceVersions are shared, so a watch of either sees every Event once.
 * Creates through the view are converted to core Events (Convert_v1_Event_To_core_Event) and
 * validated strictly, as the events registry does for events.k8s.io/v1 (eventAdmission.ts).
 */

export const EVENTS_V1_API_VERSION = 'events.k8s.io/v1';

/** Go's json of events/v1.Event: struct field order, omitempty where the type has it. */
export function coreEventToEventsV1(core: KubeObject): KubeObject {
  const c = core as Record<string, any>;
  const out: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: EVENTS_V1_API_VERSION,
    metadata: c.metadata,
    eventTime: c.eventTime ?? null,
  };
  if (c.series) out.series = c.series;
  if (c.reportingComponent) out.reportingController = c.reportingComponent;
  if (c.reportingInstance) out.reportingInstance = c.reportingInstance;
  if (c.action) out.action = c.action;
  if (c.reason) out.reason = c.reason;
  out.regarding = c.involvedObject ?? {};
  if (c.related) out.related = c.related;
  if (c.message) out.note = c.message;
  if (c.type) out.type = c.type;
  out.deprecatedSource = c.source ?? {};
  out.deprecatedFirstTimestamp = c.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = c.lastTimestamp ?? null;
  if (c.count) out.deprecatedCount = c.count;
  return out as unknown as KubeObject;
}

/**
 * Convert_v1_Event_To_core_Event, printed as core/v1's json: the same fields under their core
 * names, in the core struct's order, with what core/v1 never omits (source, the three times,
 * reportingComponent/Instance). Fields events/v1 does not have are dropped, as its decoder does.
 */
export function eventsV1ToCore(v1: KubeObject): KubeObject {
  const e = v1 as Record<string, any>;
  const out: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
  };
  if (e.reason) out.reason = e.reason;
  if (e.note) out.message = e.note;
  out.source = e.deprecatedSource ?? {};
  out.firstTimestamp = e.deprecatedFirstTimestamp ?? null;
  out.lastTimestamp = e.deprecatedLastTimestamp ?? null;
  if (e.deprecatedCount) out.count = e.deprecatedCount;
  if (e.type) out.type = e.type;
  out.eventTime = e.eventTime ?? null;
  if (e.series) out.series = e.series;
  if (e.action) out.action = e.action;
  if (e.related) out.related = e.related;
  out.reportingComponent = e.reportingController ?? '';
  out.reportingInstance = e.reportingInstance ?? '';
  return out as unknown as KubeObject;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const regarding = (field: string) => (o: KubeObject) =>
  str((o.involvedObject as Record<string, unknown> | undefined)?.[field]);

/** The view's resource, its field selectors mapped onto the core fields (AddFieldLabelConversionsForEvent). */
export function eventsV1Definition(
  core: ResourceDefinition,
): ResourceDefinition {
  return {
    ...core,
    ref: { group: 'events.k8s.io', resource: 'events' },
    key: 'events.k8s.io/events',
    storage: core.ref,
    toStorage: eventsV1ToCore,
    fromStorage: coreEventToEventsV1,
    verbs: ['create', 'get', 'list', 'watch'],
    fieldSelectors: {
      'metadata.name': o => o.metadata.name,
      'metadata.namespace': o => o.metadata.namespace ?? '',
      reason: o => str(o.reason),
      type: o => str(o.type),
      reportingController: o => str(o.reportingComponent),
      'regarding.kind': regarding('kind'),
      'regarding.namespace': regarding('namespace'),
      'regarding.name': regarding('name'),
      'regarding.uid': regarding('uid'),
      'regarding.apiVersion': regarding('apiVersion'),
      'regarding.resourceVersion': regarding('resourceVersion'),
      'regarding.fieldPath': regarding('fieldPath'),
    },
  };
}
