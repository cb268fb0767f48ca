import { ResourceDefinition } from './resourceDefinition';
import { KubeObject } from './types';

/**
 * events.k8s.io/v1 Events: not objects of their own but a second view of the core/v1 Events, as
 * a real server serves them (pkg/registry/events/rest: the same etcd objects, converted through
 * the internal core.Event by Convert_core_Event_To_v1_Event in pkg/apis/events/v1/conversion.go):
 * message is `note`, involvedObject `regarding`, reportingComponent `reportingController`, source
 * `deprecatedSource`, first/lastTimestamp and count `deprecated*`. Names, uids and
 * resourceVersions are shared, so a watch of either sees every Event once.
 * Served read-only here (get, list, watch): the simulator's Events are written by its recorders.
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
    verbs: ['get', 'list', 'watch'],
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
