import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The ESO v2.9.0 CRDs (copied verbatim from /work/shared/eso-crds into ./crds so the package is
 * self-contained in CI). Everything the simulated API server knows about ESO kinds (names, scope,
 * served versions, schemas, printer columns, selectableFields) is read from these files.
 */

export interface CrdPrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  schema: Record<string, unknown>;
  printerColumns: CrdPrinterColumn[];
  /** field paths without the leading dot, e.g. `spec.secretStoreRef.name` */
  selectableFields: string[];
  hasStatusSubresource: boolean;
}

export interface CrdInfo {
  group: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  versions: CrdVersion[];
}

// fleet-sim runs from source (dev/test only), so the CRDs sit next to this file
// eslint-disable-next-line no-restricted-syntax
export const ESO_CRD_DIR = join(__dirname, 'crds');

let cached: CrdInfo[] | undefined;

/**
 * Parses the CRD files once per process (they are ~1.7 MB of YAML, seconds to parse). Each Jest
 * test file is a fresh module registry, so the parsed result is also kept as JSON in the temp
 * directory, named by a hash of the YAML: a changed CRD file is parsed again, never served stale.
 */
export function loadEsoCrds(): CrdInfo[] {
  if (cached) return cached;
  const files = readdirSync(ESO_CRD_DIR)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => readFileSync(join(ESO_CRD_DIR, f), 'utf8'));
  const hash = createHash('sha256');
  for (const text of files) hash.update(text).update('\0');
  const cacheFile = join(
    tmpdir(),
    `fleet-sim-eso-crds-${hash.digest('hex').slice(0, 16)}.json`,
  );
  try {
    cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CrdInfo[];
    return cached;
  } catch {
    // not cached yet (or unreadable): parse below
  }
  cached = files.map(text => toCrdInfo(parse(text)));
  try {
    // write-then-rename, so parallel workers never read half a file
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(cached));
    renameSync(partial, cacheFile);
  } catch {
    // a read-only temp dir only costs the next process a parse
  }
  return cached;
}

function toCrdInfo(crd: any): CrdInfo {
  const spec = crd.spec;
  return {
    group: spec.group,
    kind: spec.names.kind,
    listKind: spec.names.listKind,
    plural: spec.names.plural,
    singular: spec.names.singular,
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    namespaced: spec.scope === 'Namespaced',
    versions: spec.versions.map(
      (v: any): CrdVersion => ({
        name: v.name,
        served: Boolean(v.served),
        storage: Boolean(v.storage),
        deprecated: Boolean(v.deprecated),
        schema: v.schema.openAPIV3Schema,
        printerColumns: v.additionalPrinterColumns ?? [],
        selectableFields: (v.selectableFields ?? []).map(
          (f: { jsonPath: string }) => f.jsonPath.replace(/^\./, ''),
        ),
        hasStatusSubresource: Boolean(v.subresources?.status),
      }),
    ),
  };
}
