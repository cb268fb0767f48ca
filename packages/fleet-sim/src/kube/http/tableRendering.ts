import { ResourceDefinition } from '../resourceDefinition';
import { StoredObject } from '../store/StoredObject';

/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), which kubectl get
 * uses for its columns: built-in printers for built-in kinds, additionalPrinterColumns for CRDs.
 */
export interface TableOptions {
  version: 'v1' | 'v1beta1';
  includeObject: 'None' | 'Metadata' | 'Object';
  /** watch events after the first carry no column definitions */
  noHeaders?: boolean;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export function columnDefinitions(def: ResourceDefinition): unknown[] {
  return def.tableColumns.map(c => ({
    name: c.name,
    type: c.type,
    format: c.format,
    description: c.description,
    priority: c.priority,
  }));
}

export function tableRow(
  def: ResourceDefinition,
  entry: StoredObject,
  options: TableOptions,
  apiVersion: string,
  nowMs: number,
): string {
  const cells = def.tableColumns.map(c => c.cell(entry.object, nowMs) ?? null);
  let object = '';
  if (options.includeObject === 'Object')
    object = `,"object":${entry.json(apiVersion)}`;
  else if (options.includeObject === 'Metadata') {
    object = `,"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/${
      options.version
    }","metadata":${JSON.stringify(entry.object.metadata)}}`;
  }
  return `{"cells":${JSON.stringify(cells)}${object}}`;
}

export function tableHead(
  def: ResourceDefinition,
  options: TableOptions,
  meta: TableListMeta,
): string {
  const columns = options.noHeaders
    ? 'null'
    : JSON.stringify(columnDefinitions(def));
  return `{"kind":"Table","apiVersion":"meta.k8s.io/${
    options.version
  }","metadata":${JSON.stringify(
    meta,
  )},"columnDefinitions":${columns},"rows":[`;
}

export const TABLE_TAIL = ']}';

export function renderTable(
  def: ResourceDefinition,
  entries: StoredObject[],
  options: TableOptions,
  meta: TableListMeta,
  apiVersion: string,
  nowMs: number,
): string {
  return (
    tableHead(def, options, meta) +
    entries.map(e => tableRow(def, e, options, apiVersion, nowMs)).join(',') +
    TABLE_TAIL
  );
}
