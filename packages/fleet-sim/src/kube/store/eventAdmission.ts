import { StatusCause } from '../apiErrors';
import { KubeObject } from '../types';
import { decodeMicroTime } from './microTime';
import {
  DNS1123_SUBDOMAIN,
  invalidCause,
  QUALIFIED_NAME_MESSAGE,
  SUBDOMAIN_MESSAGE,
} from './objectMeta';

/**
 * Validation of Event writes (pkg/apis/core/validation/events.go, 1.32): every write passes the
 * legacy rules; a create through events.k8s.io/v1 also gets the strict ones. Field paths are the
 * internal core.Event's (`message`, `involvedObject.namespace`, `source`), as the real server
 * reports them whichever version was written.
 */

const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
const ACTION_LENGTH_LIMIT = 128;
const REASON_LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  field,
  message: 'Required value',
});
const invalidEmpty = (field: string, detail: string): StatusCause =>
  invalidCause(field, '', detail);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** metav1.Time / MicroTime: absent, null and "" all decode to the zero time */
const isZeroTime = (v: unknown) => v === undefined || v === null || v === '';

/** validation.IsQualifiedName (apimachinery/pkg/util/validation). */
function qualifiedNameProblems(value: string): string[] {
  const problems: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${QUALIFIED_NAME_MESSAGE.slice(
        'name part '.length,
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix) problems.push('prefix part must be non-empty');
    else if (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253)
      problems.push(`prefix part ${SUBDOMAIN_MESSAGE}`);
  }
  if (!name) problems.push('name part must be non-empty');
  else if (name.length > 63)
    problems.push('name part must be no more than 63 characters');
  if (!/^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name))
    problems.push(QUALIFIED_NAME_MESSAGE);
  return problems;
}

function legacyEventProblems(event: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  const namespace = str((event.metadata as KubeObject['metadata']).namespace);
  const involvedNamespace = str(
    (event.involvedObject as Record<string, unknown> | undefined)?.namespace,
  );
  const mismatch = invalidCause(
    'involvedObject.namespace',
    involvedNamespace,
    'does not match event.namespace',
  );
  if (isZeroTime(event.eventTime)) {
    if (!involvedNamespace) {
      if (namespace !== '' && namespace !== 'default') causes.push(mismatch);
    } else if (namespace !== involvedNamespace) causes.push(mismatch);
  } else {
    if (
      !involvedNamespace &&
      namespace !== 'default' &&
      namespace !== 'kube-system'
    )
      causes.push(mismatch);
    const controller = str(event.reportingComponent);
    if (!controller) causes.push(required('reportingController'));
    for (const problem of qualifiedNameProblems(controller))
      causes.push(invalidCause('reportingController', controller, problem));
    const limited = (
      field: string,
      value: string,
      limit: number,
      mustBeSet = true,
    ) => {
      if (mustBeSet && !value) causes.push(required(field));
      if (value.length > limit)
        causes.push(
          invalidEmpty(field, `can have at most ${limit} characters`),
        );
    };
    limited(
      'reportingInstance',
      str(event.reportingInstance),
      REPORTING_INSTANCE_LENGTH_LIMIT,
    );
    limited('action', str(event.action), ACTION_LENGTH_LIMIT);
    limited('reason', str(event.reason), REASON_LENGTH_LIMIT);
    limited('message', str(event.message), NOTE_LENGTH_LIMIT, false);
  }
  if (!DNS1123_SUBDOMAIN.test(namespace) || namespace.length > 253)
    causes.push(invalidCause('namespace', namespace, SUBDOMAIN_MESSAGE));
  return causes;
}

/** ValidateEventCreate's strict part, for creates through events.k8s.io/v1. */
function strictCreateProblems(event: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  const series = event.series as
    | { count?: number; lastObservedTime?: unknown }
    | undefined;
  if (series) {
    if (!((series.count ?? 0) >= 2))
      causes.push(invalidEmpty('series.count', 'should be at least 2'));
    if (isZeroTime(series.lastObservedTime))
      causes.push(required('series.lastObservedTime'));
  }
  if (isZeroTime(event.eventTime)) causes.push(required('eventTime'));
  if (event.type !== 'Normal' && event.type !== 'Warning')
    causes.push(invalidEmpty('type', `has invalid value: ${str(event.type)}`));
  for (const field of ['firstTimestamp', 'lastTimestamp'])
    if (!isZeroTime(event[field]))
      causes.push(invalidEmpty(field, 'needs to be unset'));
  if (Number(event.count ?? 0) !== 0)
    causes.push(invalidEmpty('count', 'needs to be unset'));
  const source = event.source as
    | { component?: string; host?: string }
    | undefined;
  if (source?.component || source?.host)
    causes.push(invalidEmpty('source', 'needs to be unset'));
  return causes;
}

/**
 * Causes for a core Event about to be stored; `strictCreate` when it was created through
 * events.k8s.io/v1 (writes through core/v1 keep the legacy rules only, for old clients).
 */
export function admitEvent(
  event: KubeObject,
  strictCreate: boolean,
): StatusCause[] {
  const e = event as unknown as Record<string, unknown>;
  if (e.eventTime !== undefined)
    e.eventTime = decodeMicroTime(e.eventTime, 'Event');
  const series = e.series as Record<string, unknown> | undefined;
  if (series?.lastObservedTime !== undefined)
    series.lastObservedTime = decodeMicroTime(series.lastObservedTime, 'Event');
  const causes = legacyEventProblems(e);
  return strictCreate ? [...causes, ...strictCreateProblems(e)] : causes;
}
