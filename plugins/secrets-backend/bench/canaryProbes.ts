/*
 * Canary probes through the plugin's own path: one trigger of its scheduled task is one probe
 * (CanaryProbe.run, awaited), and the figures come from what the probe recorded in CanaryStore's
 * table (the write's instant and each cluster's propagation from it), the same rows the fleet
 * page reads. A probe that does not land in every cluster stops the benchmark.
 */
import type { Knex } from 'knex';
import { pause, readVault } from './kubeAdmin';
import { CANARY_TABLE } from './canaryConfig';
import { CANARY } from './rotationScenario';

export type CanaryRow = {
  id: number;
  probe_id: string;
  cluster: string;
  at: string;
  outcome: string;
  propagation_ms: number | null;
  reason: string | null;
};

export interface ProbeTiming {
  /** trigger to the last cluster landed (the write's instant + its slowest propagation) */
  toLastLandedMs: number;
  /** trigger to the Vault write recorded (caches checked, current version read) */
  toWriteMs: number;
  /** trigger to the task finished (the rows recorded) */
  taskMs: number;
  /** each cluster's propagation, write to its target Secret changed in the plugin's cache */
  propagationMs: number[];
  at: string;
}

export class CanaryProbes {
  #lastId = 0;
  #lastProbe = 0;
  #probes = 0;
  /** every value the canary key held after a probe: none may appear in a row or a response */
  readonly values = new Set<string>();

  constructor(
    private readonly deps: {
      knex: Knex;
      vault: { url: string; rootToken: string };
      clusters: string[];
      trigger: () => Promise<void>;
    },
  ) {}

  async #noteValue(): Promise<void> {
    const current = await readVault(
      this.deps.vault,
      undefined,
      CANARY.mount,
      CANARY.key,
    );
    this.values.add(String(current.data[CANARY.property]));
  }

  async probe(): Promise<ProbeTiming> {
    // ESO's refreshTime has whole seconds: the next sync must land in a later second
    const wait = this.#lastProbe + 1100 - Date.now();
    if (wait > 0) await pause(wait);
    await this.#noteValue();
    const t0 = Date.now();
    await this.deps.trigger();
    const taskMs = Date.now() - t0;
    this.#lastProbe = Date.now();
    await this.#noteValue();

    const rows: CanaryRow[] = await this.deps
      .knex<CanaryRow>(CANARY_TABLE)
      .where('id', '>', this.#lastId)
      .orderBy('id');
    const probeIds = new Set(rows.map(r => r.probe_id));
    const failed = rows.filter(
      r => r.outcome !== 'succeeded' || typeof r.propagation_ms !== 'number',
    );
    const clusters = new Set(rows.map(r => r.cluster));
    if (
      probeIds.size !== 1 ||
      rows.length !== this.deps.clusters.length ||
      this.deps.clusters.some(c => !clusters.has(c)) ||
      failed.length
    )
      throw new Error(
        `canary probe recorded ${rows.length} rows of ${
          probeIds.size
        } probes for ${this.deps.clusters.length} clusters: ${JSON.stringify(
          failed.length ? failed : rows,
        )}`,
      );
    this.#lastId = rows[rows.length - 1].id;
    this.#probes++;
    const at = rows[0].at;
    const propagationMs = rows.map(r => r.propagation_ms!);
    const writtenAt = Date.parse(at);
    return {
      toLastLandedMs: writtenAt + Math.max(...propagationMs) - t0,
      toWriteMs: writtenAt - t0,
      taskMs,
      propagationMs,
      at,
    };
  }

  /**
   * Every probe's rows are in the store, none holds a value the canary key had; and the fleet
   * page (its body as sent) shows each cluster's latest probe, without a value either.
   */
  async check(
    fleetPage: { status: number; text: string; body: any },
    latest: ProbeTiming,
  ): Promise<{
    rows: number;
  }> {
    // each probe wrote a value of its own, after the one before the first: else nothing was checked
    if (this.values.size <= this.#probes)
      throw new Error(
        `${this.values.size} canary values seen for ${this.#probes} probes`,
      );
    const rows: CanaryRow[] = await this.deps.knex<CanaryRow>(CANARY_TABLE);
    const text = JSON.stringify(rows);
    const leaked = [...this.values].filter(
      v => text.includes(v) || fleetPage.text.includes(v),
    );
    if (leaked.length)
      throw new Error(
        `${leaked.length} canary value(s) in the store's rows or GET /fleet`,
      );
    if (fleetPage.status !== 200)
      throw new Error(`GET /fleet: ${fleetPage.status}`);
    const shown = new Map<string, any>(
      (fleetPage.body.clusters ?? []).map((c: any) => [c.name, c.canary]),
    );
    const stale = this.deps.clusters.filter(
      c =>
        shown.get(c)?.at !== latest.at || shown.get(c)?.outcome !== 'succeeded',
    );
    if (stale.length)
      throw new Error(
        `GET /fleet does not show the latest probe for ${stale.join(', ')}`,
      );
    return { rows: rows.length };
  }
}
