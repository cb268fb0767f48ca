import { CrdInfo, CrdPrinterColumn, CrdVersion, loadEsoCrds } from './esoCrds';
import { ageOf } from './humanDuration';
import { evaluateJsonPath } from './jsonPath';
import {
  METADATA_FIELD_SELECTORS,
  NAME_COLUMN_DESCRIPTION,
  ResourceDefinition,
  TableColumn,
  resourceKey,
} from './resourceDefinition';
import { KubeObject } from './types';

/**
 * Which ESO API the simulated cluster serves:
 * - `v1`: ESO >= 0.17 (v2.9 CRDs as shipped: v1 served, v1beta1 not served, PushSecret v1alpha1)
 * - `v1beta1-only`: ESO < 0.16, before v1 existed (the CRDs' v1beta1 schemas are served)
 * - `none`: ESO not installed, the group is absent
 */
export type EsoVersions = 'v1' | 'v1beta1-only' | 'none';

const CRD_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

/** The CRD version entries the cluster serves for one kind, highest priority first. */
export function servedCrdVersions(
  crd: CrdInfo,
  mode: EsoVersions,
): CrdVersion[] {
  if (mode === 'none') return [];
  if (mode === 'v1') return crd.versions.filter(v => v.served);
  const old = crd.versions.filter(
    v => v.name === 'v1beta1' || v.name === 'v1alpha1',
  );
  return old.length ? [old[0]] : [];
}

export function esoResourceDefinitions(
  mode: EsoVersions,
): ResourceDefinition[] {
  if (mode === 'none') return [];
  return loadEsoCrds().flatMap(crd => {
    const served = servedCrdVersions(crd, mode);
    if (served.length === 0) return [];
    const preferred = served[0];
    const ref = { group: crd.group, resource: crd.plural };
    const selectable: ResourceDefinition['fieldSelectors'] = crd.namespaced
      ? { ...METADATA_FIELD_SELECTORS }
      : { 'metadata.name': METADATA_FIELD_SELECTORS['metadata.name'] };
    for (const field of preferred.selectableFields) {
      selectable[field] = (obj: KubeObject) => selectableValue(obj, field);
    }
    const def: ResourceDefinition = {
      ref,
      key: resourceKey(ref),
      kind: crd.kind,
      listKind: crd.listKind,
      singular: crd.singular,
      namespaced: crd.namespaced,
      shortNames: crd.shortNames,
      categories: crd.categories,
      verbs: CRD_VERBS,
      versions: served.map(v => v.name),
      storageVersion: preferred.name,
      subresources: preferred.hasStatusSubresource
        ? [{ name: 'status', verbs: ['get', 'patch', 'update'] }]
        : [],
      hasStatusSubresource: preferred.hasStatusSubresource,
      custom: true,
      tracksGeneration: true,
      fieldSelectors: selectable,
      tableColumns: crdTableColumns(preferred.printerColumns),
    };
    return [def];
  });
}

/** Selectable fields match on the field's string form; absent fields select as "". */
function selectableValue(obj: KubeObject, field: string): string {
  const [value] = evaluateJsonPath(obj, `.${field}`);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** apiextensions' table convertor: Name first, then additionalPrinterColumns. */
function crdTableColumns(columns: CrdPrinterColumn[]): TableColumn[] {
  const name: TableColumn = {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: NAME_COLUMN_DESCRIPTION,
    priority: 0,
    cell: o => o.metadata.name,
  };
  return [
    name,
    ...columns.map(
      (c): TableColumn => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
        cell: (obj, now) => crdCell(c, obj, now),
      }),
    ),
  ];
}

function crdCell(
  column: CrdPrinterColumn,
  obj: KubeObject,
  nowMs: number,
): unknown {
  const [value] = evaluateJsonPath(obj, column.jsonPath);
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'date':
      return typeof value === 'string' ? ageOf(value, nowMs) : null;
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return null;
  }
}
