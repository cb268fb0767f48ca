import type { VaultCoordinates } from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import { matchesSchedulePath } from '../rotation/schedule/dueness';
import { parseEvery } from '../rotation/schedule/rotateEvery';
import type { RotationSchedule } from '../rotation/schedule/types';
import type { EntityRows } from './entityRows';
import type { KeyReader } from './keyAges';

/** An ExternalSecret that schedules the key it reads, or reads a key a configured path holds. */
export interface ScheduledReader extends KeyReader {
  id: string;
  vault: VaultCoordinates;
}

interface Part {
  version: number;
  dependencyVersion: number;
  readers: ScheduledReader[];
}

/**
 * Per cluster, the ExternalSecrets through which a key gets a schedule: those annotated with
 * `rotate-every`, and the readers of keys under a `secrets.rotation.schedules` path. Kept until
 * something in the cluster changes, as the fleet rows are; without schedules in config only the
 * annotated ExternalSecrets are looked at.
 */
export class ScheduledReaders {
  readonly #parts = new WeakMap<ClusterData, Part>();

  constructor(
    private readonly rows: EntityRows,
    private readonly schedules: RotationSchedule[],
  ) {}

  cluster(name: string, data: ClusterData, now: number): ScheduledReader[] {
    const part = this.#parts.get(data);
    if (
      part &&
      part.version === data.externalSecrets.version &&
      part.dependencyVersion === data.dependenciesVersion()
    )
      return part.readers;
    const readers: ScheduledReader[] = [];
    for (const es of data.externalSecrets.values()) {
      const annotated = parseEvery(es.rotateEvery) !== undefined;
      if (!annotated && this.schedules.length === 0) continue;
      this.rows.forEach(name, data, es, now, ({ id, vault }) => {
        if (
          annotated ||
          this.schedules.some(s =>
            matchesSchedulePath(s.path ?? '', `${vault.mount}/${vault.key}`),
          )
        )
          readers.push({
            id,
            vault,
            cluster: name,
            namespace: es.namespace,
            name: es.name,
            rotateEvery: es.rotateEvery,
          });
      });
    }
    this.#parts.set(data, {
      version: data.externalSecrets.version,
      dependencyVersion: data.dependenciesVersion(),
      readers,
    });
    return readers;
  }
}

/** Readers grouped by key, in the order the keys were first met. */
export function byKey(
  readers: Iterable<ScheduledReader>,
): Array<{ id: string; vault: VaultCoordinates; readers: KeyReader[] }> {
  const keys = new Map<
    string,
    { id: string; vault: VaultCoordinates; readers: KeyReader[] }
  >();
  for (const r of readers) {
    let key = keys.get(r.id);
    if (!key) keys.set(r.id, (key = { id: r.id, vault: r.vault, readers: [] }));
    key.readers.push(r);
  }
  return [...keys.values()];
}
