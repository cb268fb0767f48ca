import { eventsV1Definition } from './eventsV1';
import { ageOf } from './humanDuration';
import {
  AGE_COLUMN_DESCRIPTION,
  METADATA_FIELD_SELECTORS,
  NAME_COLUMN_DESCRIPTION,
  ResourceDefinition,
  TableColumn,
  resourceKey,
} from './resourceDefinition';
import { KubeObject } from './types';

/**
 * The workload and configuration kinds consumers of a Secret live in: apps/v1 StatefulSets and
 * DaemonSets, core/v1 Pods and ConfigMaps, as a v1.32 API server describes them (discovery verbs,
 * short names, categories, field selectors of pkg/registry/core/pod/strategy.go ToSelectableFields,
 * table columns of pkg/printers/internalversion/printers.go).
 */

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
  { description: AGE_COLUMN_DESCRIPTION },
);

const containers = (o: KubeObject): any[] =>
  get(o, 'spec', 'template', 'spec', 'containers') ?? [];
const containersColumn = column(
  'Containers',
  'string',
  o =>
    containers(o)
      .map(c => c.name)
      .join(','),
  { priority: 1 },
);
const imagesColumn = column(
  'Images',
  'string',
  o =>
    containers(o)
      .map(c => c.image)
      .join(','),
  { priority: 1 },
);

function selectorString(o: KubeObject): string {
  const selector = get(o, 'spec', 'selector', 'matchLabels') as
    | Record<string, string>
    | undefined;
  if (!selector) return '<none>';
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function def(
  d: Omit<
    ResourceDefinition,
    'key' | 'custom' | 'fieldSelectors' | 'storageVersion'
  > & { extraFieldSelectors?: ResourceDefinition['fieldSelectors'] },
): ResourceDefinition {
  const { extraFieldSelectors, ...rest } = d;
  return {
    ...rest,
    key: resourceKey(d.ref),
    storageVersion: d.versions[0],
    custom: false,
    fieldSelectors: { ...METADATA_FIELD_SELECTORS, ...extraFieldSelectors },
  };
}

const scaleAndStatus = [
  {
    name: 'scale',
    verbs: STATUS_VERBS,
    kind: 'Scale',
    group: 'autoscaling',
    version: 'v1',
  },
  { name: 'status', verbs: STATUS_VERBS },
];

const int = (o: KubeObject, ...path: string[]) => get(o, ...path) ?? 0;

function podReady(o: KubeObject): string {
  const statuses: any[] = get(o, 'status', 'containerStatuses') ?? [];
  const total = (get(o, 'spec', 'containers') ?? []).length;
  return `${statuses.filter(s => s.ready).length}/${total}`;
}

function podRestarts(o: KubeObject): number {
  const statuses: any[] = get(o, 'status', 'containerStatuses') ?? [];
  return statuses.reduce((n, s) => n + Number(s.restartCount ?? 0), 0);
}

/** printPod's STATUS: the waiting/terminated reason of a container, else the phase. */
function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const statuses: any[] = get(o, 'status', 'containerStatuses') ?? [];
  for (const s of statuses) {
    const reason = s.state?.waiting?.reason ?? s.state?.terminated?.reason;
    if (reason) return reason;
  }
  return get(o, 'status', 'reason') ?? get(o, 'status', 'phase') ?? '';
}

const APPS_RESOURCES: ResourceDefinition[] = [
  def({
    ref: { group: '', resource: 'configmaps' },
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    categories: [],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [],
    hasStatusSubresource: false,
    tracksGeneration: false,
    tableColumns: [
      nameColumn,
      column(
        'Data',
        'integer',
        o =>
          Object.keys(get(o, 'data') ?? {}).length +
          Object.keys(get(o, 'binaryData') ?? {}).length,
      ),
      ageColumn,
    ],
  }),
  def({
    ref: { group: '', resource: 'pods' },
    kind: 'Pod',
    listKind: 'PodList',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [{ name: 'status', verbs: STATUS_VERBS }],
    hasStatusSubresource: true,
    tracksGeneration: false,
    extraFieldSelectors: {
      'spec.nodeName': o => String(get(o, 'spec', 'nodeName') ?? ''),
      'spec.restartPolicy': o => String(get(o, 'spec', 'restartPolicy') ?? ''),
      'spec.schedulerName': o => String(get(o, 'spec', 'schedulerName') ?? ''),
      'spec.serviceAccountName': o =>
        String(get(o, 'spec', 'serviceAccountName') ?? ''),
      'spec.hostNetwork': o => String(get(o, 'spec', 'hostNetwork') === true),
      'status.phase': o => String(get(o, 'status', 'phase') ?? ''),
      'status.podIP': o => String(get(o, 'status', 'podIP') ?? ''),
      'status.nominatedNodeName': o =>
        String(get(o, 'status', 'nominatedNodeName') ?? ''),
    },
    tableColumns: [
      nameColumn,
      column('Ready', 'string', podReady, {
        description:
          'The aggregate readiness state of this pod for accepting traffic.',
      }),
      column('Status', 'string', podStatus, {
        description: 'The aggregate status of the containers in this pod.',
      }),
      column('Restarts', 'string', o => String(podRestarts(o)), {
        description:
          'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      }),
      ageColumn,
      column('IP', 'string', o => get(o, 'status', 'podIP') ?? '<none>', {
        priority: 1,
      }),
      column('Node', 'string', o => get(o, 'spec', 'nodeName') ?? '<none>', {
        priority: 1,
      }),
      column(
        'Nominated Node',
        'string',
        o => get(o, 'status', 'nominatedNodeName') ?? '<none>',
        { priority: 1 },
      ),
      column('Readiness Gates', 'string', () => '<none>', { priority: 1 }),
    ],
  }),
  def({
    ref: { group: 'apps', resource: 'daemonsets' },
    kind: 'DaemonSet',
    listKind: 'DaemonSetList',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: [{ name: 'status', verbs: STATUS_VERBS }],
    hasStatusSubresource: true,
    tracksGeneration: true,
    tableColumns: [
      nameColumn,
      column('Desired', 'integer', o =>
        int(o, 'status', 'desiredNumberScheduled'),
      ),
      column('Current', 'integer', o =>
        int(o, 'status', 'currentNumberScheduled'),
      ),
      column('Ready', 'integer', o => int(o, 'status', 'numberReady')),
      column('Up-to-date', 'integer', o =>
        int(o, 'status', 'updatedNumberScheduled'),
      ),
      column('Available', 'integer', o => int(o, 'status', 'numberAvailable')),
      column('Node Selector', 'string', o => {
        const sel = get(o, 'spec', 'template', 'spec', 'nodeSelector') as
          | Record<string, string>
          | undefined;
        return sel
          ? Object.entries(sel)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')
          : '<none>';
      }),
      ageColumn,
      containersColumn,
      imagesColumn,
      column('Selector', 'string', selectorString, { priority: 1 }),
    ],
  }),
  def({
    ref: { group: 'apps', resource: 'statefulsets' },
    kind: 'StatefulSet',
    listKind: 'StatefulSetList',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    verbs: READ_WRITE_VERBS,
    versions: ['v1'],
    subresources: scaleAndStatus,
    hasStatusSubresource: true,
    tracksGeneration: true,
    tableColumns: [
      nameColumn,
      column(
        'Ready',
        'string',
        o =>
          `${int(o, 'status', 'readyReplicas')}/${int(o, 'spec', 'replicas')}`,
        { description: 'Number of the pod with ready state' },
      ),
      ageColumn,
      containersColumn,
      imagesColumn,
    ],
  }),
];

/** The kinds above, and the events.k8s.io/v1 view of the core Events among `builtins`. */
export function appsResources(
  builtins: ResourceDefinition[],
): ResourceDefinition[] {
  const coreEvents = builtins.find(d => d.key === '/events');
  if (!coreEvents) throw new Error('the core Events resource is not served');
  return [...APPS_RESOURCES, eventsV1Definition(coreEvents)];
}
