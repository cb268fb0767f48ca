import type { LoggerService } from '@backstage/backend-plugin-api';
import type { VaultServerHealth } from '@secrets-plugin/plugin-secrets-common';
import type { VaultServerConfig } from '../config/types';
import {
  healthMessage,
  healthStateOf,
  isServing,
  networkMessage,
} from './vaultHealthState';
import { matchVaultServer } from './vaultServers';
import { createVaultTransport } from './vaultTransport';

/** What the service reads: each configured server's last known health. */
export interface VaultHealthSource {
  /** Every configured server, in config order. */
  all(): VaultServerHealth[];
  /** The configured server a SecretStore's `server` URL names, with its health. */
  forUrl(server: string | undefined): VaultServerHealth | undefined;
}

export interface VaultHealthMonitorOptions {
  logger: LoggerService;
  /** Per `sys/health` call. Defaults to 5 seconds. */
  timeoutMs?: number;
  now?: () => number;
  /** The call itself; defaults to node-vault through `vaultTransport`. */
  check?: (server: VaultServerConfig) => Promise<unknown>;
}

interface Entry {
  server: VaultServerConfig;
  health: VaultServerHealth;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Reads `sys/health` of every configured Vault server every `healthCheckInterval`, so that users
 * can tell "Vault is down" from "Vault is fine, ESO has not retried yet". Unauthenticated and
 * value-free; bodies are read for their flags only and never logged. A state change is logged once.
 */
export class VaultHealthMonitor implements VaultHealthSource {
  readonly #entries: Entry[];
  readonly #now: () => number;
  readonly #check: (server: VaultServerConfig) => Promise<unknown>;
  /** `forUrl`'s answers by URL as written: spares a URL parse per call. */
  readonly #byUrl = new Map<string, Entry | null>();
  #stopped = false;
  #running = new Set<Promise<void>>();

  constructor(
    servers: VaultServerConfig[],
    private readonly options: VaultHealthMonitorOptions,
  ) {
    this.#now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? 5000;
    const transports = new Map(
      servers.map(s => [s.name, createVaultTransport(s, '', timeoutMs)]),
    );
    this.#check =
      options.check ?? (server => transports.get(server.name)!.health());
    this.#entries = servers.map(server => ({
      server,
      health: { name: server.name, url: server.url, state: 'unknown' },
    }));
  }

  /** Checks every server now, then on each server's interval; never waits for Vault. */
  start(): void {
    this.#stopped = false;
    for (const entry of this.#entries) this.#run(entry);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const entry of this.#entries) clearTimeout(entry.timer);
    await Promise.all([...this.#running]);
  }

  /** Checks every server once and resolves when done (tests, and a fresh look on demand). */
  async checkNow(): Promise<void> {
    await Promise.all(this.#entries.map(e => this.#checkOne(e)));
  }

  all(): VaultServerHealth[] {
    return this.#entries.map(e => e.health);
  }

  forUrl(server: string | undefined): VaultServerHealth | undefined {
    if (server === undefined) return undefined;
    let entry = this.#byUrl.get(server);
    if (entry === undefined) {
      const found = matchVaultServer(
        this.#entries.map(e => e.server),
        server,
      );
      entry = this.#entries.find(e => e.server === found) ?? null;
      // stores name few distinct URLs; bounded anyway against odd specs
      if (this.#byUrl.size >= 1000) this.#byUrl.clear();
      this.#byUrl.set(server, entry);
    }
    return entry?.health;
  }

  #run(entry: Entry): void {
    if (this.#stopped) return;
    const running = this.#checkOne(entry).finally(() => {
      this.#running.delete(running);
      if (!this.#stopped)
        entry.timer = setTimeout(
          () => this.#run(entry),
          entry.server.healthCheckIntervalMs,
        );
    });
    this.#running.add(running);
  }

  async #checkOne(entry: Entry): Promise<void> {
    let state: VaultServerHealth['state'];
    let message: string | undefined;
    try {
      state = healthStateOf(await this.#check(entry.server));
      message = healthMessage(state);
    } catch (e) {
      state = 'unreachable';
      message = networkMessage(e);
    }
    const now = new Date(this.#now()).toISOString();
    const previous = entry.health;
    const changed = previous.state !== state;
    // replaced, never mutated: responses share these objects
    entry.health = {
      name: previous.name,
      url: previous.url,
      state,
      checkedAt: now,
      since: changed ? now : previous.since,
      message,
    };
    if (changed && previous.checkedAt !== undefined) {
      const log = isServing(state)
        ? this.options.logger.info
        : this.options.logger.warn;
      log.call(
        this.options.logger,
        `secrets: Vault server ${entry.server.name} is ${state}${
          message ? ` (${message})` : ''
        }`,
      );
    }
  }
}

/** For a backend with no Vault server configured: nothing to report. */
export const noVaultHealth: VaultHealthSource = {
  all: () => [],
  forUrl: () => undefined,
};
