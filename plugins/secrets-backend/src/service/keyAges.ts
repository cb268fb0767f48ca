import type {
  ExternalSecretRow,
  KeyAge,
  ScheduledKey,
  SecretGroup,
  VaultCoordinates,
  VersionDrift,
} from '@secrets-plugin/plugin-secrets-common';
import { keyAge, type KeyVersionFacts } from '../derive/keyAge';
import { versionDrift } from '../derive/versionDrift';
import { keySchedule } from '../rotation/schedule/keySchedule';
import type { RotationSchedule } from '../rotation/schedule/types';
import { KvMetadataCache, type MetadataEntry } from '../vault/KvMetadataCache';
import { vaultSecretRef } from '../vault/vaultSecretRef';
import type { VaultSecretRef } from '../vault';

export interface KeyAgeSources {
  metadata: Pick<KvMetadataCache, 'lookup'>;
  /** `secrets.rotation.schedules`. */
  schedules: RotationSchedule[];
  /** How long a view waits for a key Vault has not been asked about yet. Defaults to 2 s. */
  waitMs?: number;
}

/** One ExternalSecret reading a key, with its own `rotate-every` annotation. */
export interface KeyReader {
  cluster: string;
  namespace: string;
  name: string;
  rotateEvery?: string;
}

/** The secret a group names, or undefined when it names none (a find, no server or mount). */
export function secretOfGroup(
  vault: VaultCoordinates,
): VaultSecretRef | undefined {
  try {
    return vaultSecretRef(vault);
  } catch {
    return undefined;
  }
}

export function factsOf(
  entry: MetadataEntry | undefined,
): KeyVersionFacts | undefined {
  const metadata = entry?.metadata;
  if (!metadata) return undefined;
  return {
    currentVersion: metadata.currentVersion,
    currentVersionCreatedAt: metadata.versions.find(
      v => v.version === metadata.currentVersion,
    )?.createdTime,
    updatedAt: metadata.updatedTime,
    checkedAt: entry!.fetchedAt,
  };
}

function sameDrift(a: VersionDrift, b: VersionDrift): boolean {
  return (
    a.state === b.state &&
    a.basis === b.basis &&
    a.currentVersion === b.currentVersion &&
    a.syncedVersion === b.syncedVersion
  );
}

/**
 * Adds the age of each key's current Vault version, its schedule (the scheduler's rule) and each
 * reader's version drift to an answer, per request: groups from the view cache are shared, so
 * they are copied, never changed. Vault's metadata comes from the metadata cache; a key Vault
 * could not answer for carries the error in its `age`.
 */
export class KeyAges {
  /**
   * Each kept row's copy with its drift, reused while the drift is the same: answers keep the
   * same row objects until something changes, as they do without key ages (the compact form and
   * the browser's structural sharing both count on it).
   */
  readonly #drifted = new WeakMap<ExternalSecretRow, ExternalSecretRow>();

  constructor(private readonly sources: KeyAgeSources) {}

  #withDrift(row: ExternalSecretRow, drift: VersionDrift): ExternalSecretRow {
    const known = this.#drifted.get(row);
    if (known?.drift && sameDrift(known.drift, drift)) return known;
    const drifted = { ...row, drift };
    this.#drifted.set(row, drifted);
    return drifted;
  }

  async groups(
    groups: readonly SecretGroup[],
    readerOf: (row: ExternalSecretRow) => KeyReader,
    now: number,
  ): Promise<SecretGroup[]> {
    const secrets = groups.map(g => secretOfGroup(g.vault));
    const found = await this.#lookup(secrets);
    return groups.map((group, i) => {
      const secret = secrets[i];
      if (!secret) return group;
      const entry = found.get(KvMetadataCache.keyOf(secret));
      const facts = factsOf(entry);
      return {
        ...group,
        age: this.#age(group.vault, group.rows.map(readerOf), entry, now),
        rows: facts
          ? group.rows.map(row =>
              this.#withDrift(row, versionDrift(row, facts)),
            )
          : group.rows,
      };
    });
  }

  /** Keys with a schedule, overdue first, then oldest first. */
  async scheduled(
    keys: ReadonlyArray<{
      id: string;
      vault: VaultCoordinates;
      readers: KeyReader[];
    }>,
    now: number,
  ): Promise<ScheduledKey[]> {
    const candidates = keys.flatMap(k => {
      const secret = secretOfGroup(k.vault);
      return secret && this.#schedule(k.vault, k.readers)
        ? [{ ...k, secret }]
        : [];
    });
    const found = await this.#lookup(candidates.map(c => c.secret));
    return candidates
      .map(c => ({
        id: c.id,
        vault: c.vault,
        age: this.#age(
          c.vault,
          c.readers,
          found.get(KvMetadataCache.keyOf(c.secret)),
          now,
        ),
        readers: c.readers.map(({ cluster, namespace, name }) => ({
          cluster,
          namespace,
          name,
        })),
      }))
      .sort(
        (a, b) =>
          Number(b.age.overdue) - Number(a.age.overdue) ||
          (b.age.ageSeconds ?? -1) - (a.age.ageSeconds ?? -1) ||
          a.vault.key.localeCompare(b.vault.key),
      );
  }

  #lookup(secrets: ReadonlyArray<VaultSecretRef | undefined>) {
    const named = secrets.filter((s): s is VaultSecretRef => Boolean(s));
    return named.length
      ? this.sources.metadata.lookup(named, { waitMs: this.sources.waitMs })
      : Promise.resolve(new Map<string, MetadataEntry>());
  }

  #schedule(vault: VaultCoordinates, readers: KeyReader[]) {
    return keySchedule(
      `${vault.mount}/${vault.key}`,
      readers.map(r => r.rotateEvery),
      this.sources.schedules,
    );
  }

  #age(
    vault: VaultCoordinates,
    readers: KeyReader[],
    entry: MetadataEntry | undefined,
    now: number,
  ): KeyAge {
    return keyAge({
      facts: factsOf(entry),
      error: entry?.error,
      checkedAt: entry?.fetchedAt,
      schedule: this.#schedule(vault, readers),
      now,
    });
  }
}
