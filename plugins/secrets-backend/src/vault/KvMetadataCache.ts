import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { normaliseNamespace } from './kvPaths';
import type { KvMetadata, VaultKv, VaultSecretRef } from './types';

/** One key's metadata as last read, or why it could not be. */
export interface MetadataEntry {
  metadata?: KvMetadata;
  /** Vault's error (or why there is nothing to read); never a value. */
  error?: string;
  fetchedAt: number;
}

export interface KvMetadataCacheOptions {
  /** How long an answer is served before it is read again. Defaults to 1 minute. */
  maxAgeMs?: number;
  /** Keys kept; the least recently used go first. Defaults to 10,000. */
  maxEntries?: number;
  /** Reads in flight at once, so a page of many keys does not flood Vault. Defaults to 8. */
  concurrency?: number;
  now?: () => number;
}

const DEFAULT_MAX_AGE_MS = 60_000;

/**
 * KV v2 metadata (versions and their times, never data) of the keys pages show, from memory: a
 * page view reads Vault only for a key it has never seen, and waits for that a short while at
 * most; an answer older than `maxAgeMs` is served while it is read again behind it. The
 * plugin's own writes drop the key's answer at once (`invalidate`), so a rotation shows its new
 * version on the next view; versions written outside the plugin show within `maxAgeMs`.
 */
export class KvMetadataCache {
  static fromConfig(
    config: Config,
    kv: Pick<VaultKv, 'readMetadata'>,
    options: Omit<KvMetadataCacheOptions, 'maxAgeMs'> = {},
  ): KvMetadataCache {
    const key = 'secrets.keyAge.metadataMaxAge';
    const maxAgeMs = config.has(key)
      ? durationToMilliseconds(readDurationFromConfig(config, { key }))
      : DEFAULT_MAX_AGE_MS;
    if (!(maxAgeMs >= 0))
      throw new Error(`Invalid config at ${key}: must not be negative`);
    return new KvMetadataCache(kv, { ...options, maxAgeMs });
  }

  /** Least recently used first (a Map keeps insertion order). */
  readonly #entries = new Map<string, MetadataEntry>();
  readonly #inflight = new Map<string, Promise<MetadataEntry>>();
  /** Bumped by `invalidate`, so a read that started before a write is not kept. */
  readonly #generation = new Map<string, number>();
  readonly #queue: Array<() => void> = [];
  #running = 0;

  constructor(
    private readonly kv: Pick<VaultKv, 'readMetadata'>,
    private readonly options: KvMetadataCacheOptions = {},
  ) {}

  static keyOf(secret: VaultSecretRef): string {
    return [
      secret.server,
      normaliseNamespace(secret.namespace),
      secret.mount.replace(/^\/+|\/+$/g, ''),
      secret.key.replace(/^\/+|\/+$/g, ''),
    ].join('\n');
  }

  /**
   * The answers for these keys by `keyOf`. A key never read is read now and waited for up to
   * `waitMs` (absent from the result if Vault is slower); an expired answer is returned as is
   * while it is refreshed.
   */
  async lookup(
    secrets: readonly VaultSecretRef[],
    { waitMs = 2_000 }: { waitMs?: number } = {},
  ): Promise<Map<string, MetadataEntry>> {
    const now = this.#now();
    const maxAge = this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    const result = new Map<string, MetadataEntry>();
    const waiting: Array<Promise<void>> = [];
    for (const secret of secrets) {
      const key = KvMetadataCache.keyOf(secret);
      if (result.has(key)) continue;
      const entry = this.#entries.get(key);
      if (entry) {
        // recently used goes last
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        result.set(key, entry);
        if (now - entry.fetchedAt >= maxAge) void this.#read(key, secret);
        continue;
      }
      waiting.push(
        this.#read(key, secret).then(read => void result.set(key, read)),
      );
    }
    if (waiting.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(waiting),
        new Promise<void>(resolve => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return new Map(result);
  }

  /** The key was written: its next lookup reads Vault again. */
  invalidate(secret: VaultSecretRef): void {
    const key = KvMetadataCache.keyOf(secret);
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
    this.#entries.delete(key);
    this.#inflight.delete(key);
  }

  #read(key: string, secret: VaultSecretRef): Promise<MetadataEntry> {
    const inflight = this.#inflight.get(key);
    if (inflight) return inflight;
    const generation = this.#generation.get(key) ?? 0;
    const read = this.#limited(async (): Promise<MetadataEntry> => {
      if (secret.kvVersion === 'v1')
        return {
          error: 'a KV v1 key keeps no versions, so its age is not known',
          fetchedAt: this.#now(),
        };
      try {
        const metadata = await this.kv.readMetadata(secret);
        return { metadata, fetchedAt: this.#now() };
      } catch (error) {
        return { error: (error as Error).message, fetchedAt: this.#now() };
      }
    }).then(entry => {
      if ((this.#generation.get(key) ?? 0) === generation) {
        this.#entries.set(key, entry);
        this.#inflight.delete(key);
        const max = this.options.maxEntries ?? 10_000;
        if (this.#entries.size > max)
          this.#entries.delete(this.#entries.keys().next().value!);
      }
      return entry;
    });
    this.#inflight.set(key, read);
    return read;
  }

  async #limited<T>(task: () => Promise<T>): Promise<T> {
    // a finished read hands its slot to the next one waiting
    if (this.#running >= (this.options.concurrency ?? 8))
      await new Promise<void>(resolve => this.#queue.push(resolve));
    else this.#running += 1;
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
