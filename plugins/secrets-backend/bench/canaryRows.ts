/*
 * The canary's rows of the rotation benchmark's table. Its target is the rotation's: at most
 * 500 ms beyond the controllers' own time at p50, and >= 5x the same check by hand. A probe does
 * less than a rotation (no plan, policy or restarts: a write, a force-sync per cluster and the
 * watch-based proof), so the rotation's bounds are the most it may cost.
 */
import type { CanaryFigures } from './canaryBench';
import { ms, percentile } from './stats';
import type { Targets } from './targets';

export const CANARY_TARGET_OVERHEAD_MS = 500;
export const CANARY_TARGET_RATIO = 5;

const p50 = (s: number[]) => percentile(s, 50);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const pair = (s: number[]) => `${ms(p50(s))} / ${ms(Math.max(...s))} ms`;

export function canaryRows(f: CanaryFigures, targets: Targets): string[][] {
  const toLanded = f.probes.map(p => p.toLastLandedMs);
  const landings = f.probes.flatMap(p => p.propagationMs);
  const overhead = toLanded.map(t => t - f.controllerMs);
  const sequentialOwn = f.reconcile.reduce((a, b) => a + b, 0);
  const ratio = f.baselineMs / p50(toLanded);
  return [
    [
      `canary: ESO reconcile of the canary ExternalSecret, isolated, watched (per-cluster median of ${f.samplesPerCluster}): p50 / max over clusters`,
      pair(f.reconcile),
      '',
    ],
    [
      'canary: controller time subtracted (slowest cluster, its reconcile)',
      `${ms(f.controllerMs)} ms (${f.slowestCluster})`,
      '',
    ],
    [
      `canary probe, trigger of secrets-canary to the last of ${f.clusters} clusters landed (${f.probes.length} probes) p50 / max`,
      pair(toLanded),
      '',
    ],
    [
      'of which: trigger to the Vault write recorded p50 / max',
      pair(f.probes.map(p => p.toWriteMs)),
      '',
    ],
    [
      `canary landing per cluster, write to its target Secret changed (${landings.length} = probes x clusters) p50 / p99`,
      `${ms(p50(landings))} / ${ms(percentile(landings, 99))} ms`,
      '',
    ],
    [
      'canary in-cluster overhead, landing p50 - isolated reconcile p50 (over clusters)',
      `${ms(p50(landings) - p50(f.reconcile))} ms`,
      '',
    ],
    [
      'canary probe task, trigger to its results recorded p50 / max',
      pair(f.probes.map(p => p.taskMs)),
      '',
    ],
    [
      'first canary probe of the process (warm-up, not counted): trigger to last landed',
      `${ms(f.warm.toLastLandedMs)} ms`,
      '',
    ],
    [
      'canary overhead beyond the controllers (trigger to last landed - controller time) p50 / max',
      pair(overhead),
      `${targets.check(
        'canary overhead p50',
        Math.round(p50(overhead)),
        CANARY_TARGET_OVERHEAD_MS,
        ' ms',
      )}: p50 ${verdict(
        p50(overhead) <= CANARY_TARGET_OVERHEAD_MS,
      )}, max ${verdict(Math.max(...overhead) <= CANARY_TARGET_OVERHEAD_MS)}`,
    ],
    [
      'canary results in CanaryStore (every probe, every cluster, succeeded with its time; no value in a row or GET /fleet)',
      `${f.rowsRecorded} rows`,
      '',
    ],
    [
      `canary by hand, sequential, poll every ${f.pollMs} ms (1 run)`,
      `${ms(f.baselineMs)} ms`,
      '',
    ],
    [
      'canary sequential lower bound (sum of the clusters’ own reconciles, no poll delay)',
      `${ms(sequentialOwn)} ms`,
      '',
    ],
    [
      'canary speed-up, by hand / probe p50',
      `${ratio.toFixed(1)}x`,
      `${targets.check(
        'canary speed-up p50',
        ratio,
        CANARY_TARGET_RATIO,
        'x',
        'min',
      )}: p50 ${verdict(ratio >= CANARY_TARGET_RATIO)}`,
    ],
  ];
}
