import type {
  KvMetadata,
  KvSecretVersion,
  KvVersionInfo,
  KvWriteResult,
} from './types';

type Json = Record<string, any>;

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [k, String(v)]),
  );
}

/** Vault writes "" or the zero time for "not deleted". */
function deletionTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value || value.startsWith('0001-'))
    return undefined;
  return value;
}

export function parseMetadata(body: Json): KvMetadata {
  const d: Json = body?.data ?? {};
  const versions: KvVersionInfo[] = Object.entries((d.versions ?? {}) as Json)
    .map(([n, v]) => ({
      version: Number(n),
      createdTime: String(v?.created_time ?? ''),
      deletionTime: deletionTime(v?.deletion_time),
      destroyed: v?.destroyed === true,
    }))
    .sort((a, b) => a.version - b.version);
  return {
    currentVersion: Number(d.current_version ?? 0),
    oldestVersion: Number(d.oldest_version ?? 0),
    maxVersions: Number(d.max_versions ?? 0),
    casRequired: d.cas_required === true,
    createdTime: d.created_time,
    updatedTime: d.updated_time,
    deleteVersionAfter: d.delete_version_after,
    customMetadata: stringMap(d.custom_metadata),
    versions,
  };
}

export function parseKv2Version(body: Json): KvSecretVersion {
  const d: Json = body?.data ?? {};
  return {
    version: Number(d.metadata?.version),
    data: (d.data ?? {}) as Record<string, unknown>,
    createdTime: d.metadata?.created_time,
    customMetadata: d.metadata?.custom_metadata
      ? stringMap(d.metadata.custom_metadata)
      : undefined,
  };
}

export function parseKv1Version(body: Json): KvSecretVersion {
  return { data: (body?.data ?? {}) as Record<string, unknown> };
}

export function parseWrite(body: Json): KvWriteResult {
  return {
    version: Number(body?.data?.version),
    createdTime: body?.data?.created_time,
  };
}

export function capabilitiesOf(body: Json, path: string): string[] {
  const list = body?.[path] ?? body?.data?.[path];
  return Array.isArray(list) ? list.map(String) : ['deny'];
}

/** `subkeys` at depth 1: the top-level names; the leaves are null, never values. */
export function parseSubkeys(body: Json): string[] {
  const subkeys = body?.data?.subkeys;
  return subkeys && typeof subkeys === 'object' ? Object.keys(subkeys) : [];
}
