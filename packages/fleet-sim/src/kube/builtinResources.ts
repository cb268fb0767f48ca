import { appsResources } from './appsResources';
import { ageOf } from './humanDuration';
import { RBAC_RESOURCES } from './rbacResources';
import {
  AGE_COLUMN_DESCRIPTION,
  METADATA_FIELD_SELECTORS,
  NAME_COLUMN_DESCRIPTION,
  ResourceDefinition,
  TableColumn,
  resourceKey,
} from './resourceDefinition';
import { KubeObject } from './types';

/** The built-in (non-CRD) resources the simulator serves, as a v1.32 API server describes them. */

const READ_WRITE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const STATUS_VERBS = ['get', 'patch', 'update'];

const get = (obj: unknown, ...path: string[]): any =>
  path.reduce<any>(
    (v, p) => (v === null || v === undefined ? undefined : v[p]),
    obj,
  );

function column(
  name: string,
  type: string,
  cell: TableColumn['cell'],
  options: { priority?: number; format?: string; description?: string } = {},
): TableColumn {
  return {
    name,
    type,
    format: options.format ?? '',
    description: options.description ?? '',
    priority: options.priority ?? 0,
    cell,
  };
}

const nameColumn = column('Name', 'string', o => o.metadata.name, {
  format: 'name',
  description: NAME_COLUMN_DESCRIPTION,
});
const ageColumn = column(
  'Age',
  'string',
  (o, now) => ageOf(o.metadata.creationTimestamp, now),
  {
    description: AGE_COLUMN_DESCRIPTION,
  },
);

function builtin(
  def: Omit<
    ResourceDefinition,
    'key' | 'custom' | 'fieldSelectors' | 'storageVersion'
  > & {
    extraFieldSelectors?: ResourceDefinition['fieldSelectors'];
  },
): ResourceDefinition {
  const { extraFieldSelectors, ...rest } = def;
  const fieldSelectors = def.namespaced
    ? { ...METADATA_FIELD_SELECTORS }
    : { 'metadata.name': METADATA_FIELD_SELECTORS['metadata.name'] };
  return {
    ...rest,
    key: resourceKey(def.ref),
    storageVersion: def.versions[0],
    custom: false,
    fieldSelectors: { ...fieldSelectors, ...extraFieldSelectors },
  };
}

function selectorString(selector: Record<string, string> | undefined): string {
  if (!selector) return '<none>';
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

const involved = (field: string) => (o: KubeObject) =>
  String(get(o, 'involvedObject', field) ?? '');

function eventLastSeen(o: KubeObject, now: number): string {
  const last = (get(o, 'lastTimestamp') ??
    get(o, 'eventTime') ??
    get(o, 'firstTimestamp')) as string | undefined;
  return ageOf(last, now);
}

export const BUILTIN_RESOURCES: ResourceDefinition[] = [
  builtin({
    ref: { group: '', resource: 'namespaces' },
    kind: 'Namespace',
    listKind: 'NamespaceList',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    categories: [],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    versions: ['v1'],
    subresources: [{ name: 'status', verbs: STATUS_VERBS }],
    hasStatusSubresource: true,
    tracksGeneration: false,
    extraFieldSelectors: {
      'status.phase': o => String(get(o, 'status', 'phase') ?? ''),
    },
    tableColumns: [
      nameColumn,
      column('Status', 'string', o => get(o, 'status', 'phase') ?? '', {
        description: 'The status of the namespace',
      }),
      ageColumn,
    ],
  }),
  builtin({
    ref: { group: '', resource: 'secrets' },
    kind: 'Secret',
    listKind: 'SecretList',
    singular: 'secret',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [],
    hasStatusSubresource: false,
    tracksGeneration: false,
    extraFieldSelectors: { type: o => String(get(o, 'type') ?? '') },
    tableColumns: [
      nameColumn,
      column('Type', 'string', o => get(o, 'type') ?? ''),
      column('Data', 'string', o => Object.keys(get(o, 'data') ?? {}).length),
      ageColumn,
    ],
  }),
  builtin({
    ref: { group: '', resource: 'serviceaccounts' },
    kind: 'ServiceAccount',
    listKind: 'ServiceAccountList',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    categories: [],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [
      {
        name: 'token',
        verbs: ['create'],
        kind: 'TokenRequest',
        group: 'authentication.k8s.io',
        version: 'v1',
      },
    ],
    hasStatusSubresource: false,
    tracksGeneration: false,
    tableColumns: [
      nameColumn,
      column('Secrets', 'string', o => (get(o, 'secrets') ?? []).length),
      ageColumn,
    ],
  }),
  builtin({
    ref: { group: '', resource: 'events' },
    kind: 'Event',
    listKind: 'EventList',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    categories: [],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [],
    hasStatusSubresource: false,
    tracksGeneration: false,
    extraFieldSelectors: {
      'involvedObject.kind': involved('kind'),
      'involvedObject.namespace': involved('namespace'),
      'involvedObject.name': involved('name'),
      'involvedObject.uid': involved('uid'),
      'involvedObject.apiVersion': involved('apiVersion'),
      'involvedObject.resourceVersion': involved('resourceVersion'),
      'involvedObject.fieldPath': involved('fieldPath'),
      reason: o => String(get(o, 'reason') ?? ''),
      reportingComponent: o => String(get(o, 'reportingComponent') ?? ''),
      source: o => String(get(o, 'source', 'component') ?? ''),
      type: o => String(get(o, 'type') ?? ''),
    },
    tableColumns: [
      column('Last Seen', 'string', eventLastSeen),
      column('Type', 'string', o => get(o, 'type') ?? ''),
      column('Reason', 'string', o => get(o, 'reason') ?? ''),
      column(
        'Object',
        'string',
        o =>
          `${String(get(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${
            get(o, 'involvedObject', 'name') ?? ''
          }`,
      ),
      column(
        'Subobject',
        'string',
        o => get(o, 'involvedObject', 'fieldPath') ?? '',
        { priority: 1 },
      ),
      column('Source', 'string', o => get(o, 'source', 'component') ?? '', {
        priority: 1,
      }),
      column('Message', 'string', o => get(o, 'message') ?? ''),
      column(
        'First Seen',
        'string',
        (o, now) => ageOf(get(o, 'firstTimestamp'), now),
        { priority: 1 },
      ),
      column('Count', 'string', o => get(o, 'count') ?? 1, { priority: 1 }),
      column('Name', 'string', o => o.metadata.name, {
        priority: 1,
        format: 'name',
      }),
    ],
  }),
  builtin({
    ref: { group: 'apps', resource: 'deployments' },
    kind: 'Deployment',
    listKind: 'DeploymentList',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [
      {
        name: 'scale',
        verbs: STATUS_VERBS,
        kind: 'Scale',
        group: 'autoscaling',
        version: 'v1',
      },
      { name: 'status', verbs: STATUS_VERBS },
    ],
    hasStatusSubresource: true,
    tracksGeneration: true,
    tableColumns: [
      nameColumn,
      column(
        'Ready',
        'string',
        o =>
          `${get(o, 'status', 'readyReplicas') ?? 0}/${
            get(o, 'spec', 'replicas') ?? 0
          }`,
        { description: 'Number of the pod with ready state' },
      ),
      column(
        'Up-to-date',
        'integer',
        o => get(o, 'status', 'updatedReplicas') ?? 0,
      ),
      column(
        'Available',
        'integer',
        o => get(o, 'status', 'availableReplicas') ?? 0,
      ),
      ageColumn,
      column(
        'Containers',
        'string',
        o =>
          (get(o, 'spec', 'template', 'spec', 'containers') ?? [])
            .map((c: any) => c.name)
            .join(','),
        { priority: 1 },
      ),
      column(
        'Images',
        'string',
        o =>
          (get(o, 'spec', 'template', 'spec', 'containers') ?? [])
            .map((c: any) => c.image)
            .join(','),
        { priority: 1 },
      ),
      column(
        'Selector',
        'string',
        o => selectorString(get(o, 'spec', 'selector', 'matchLabels')),
        {
          priority: 1,
        },
      ),
    ],
  }),
  builtin({
    ref: { group: 'authentication.k8s.io', resource: 'tokenreviews' },
    kind: 'TokenReview',
    listKind: 'TokenReviewList',
    singular: 'tokenreview',
    namespaced: false,
    shortNames: [],
    categories: [],
    verbs: ['create'],
    versions: ['v1'],
    subresources: [],
    hasStatusSubresource: false,
    tracksGeneration: false,
    tableColumns: [nameColumn],
  }),
  ...RBAC_RESOURCES,
];
BUILTIN_RESOURCES.push(...appsResources(BUILTIN_RESOURCES));
