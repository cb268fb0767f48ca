/*
 * How the soak measures the heap. A single difference between two samples moves by a megabyte
 * with whatever the last rotation left for the next collection, so the growth is the slope of a
 * least-squares line through every sample after the warm-up.
 */
import {
  getHeapCodeStatistics,
  setFlagsFromString,
  writeHeapSnapshot,
} from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}) => void;
let gc: Gc | undefined;

/**
 * The V8 heap after the collection V8 runs before giving up on memory (what a heap snapshot
 * runs too), in bytes: all of it, and its compiled code. A plain gc() leaves what V8 only
 * drops under memory pressure (old bytecode, caches of compiled code, feedback), which grew by
 * several KB per rotation and fell by 3-4 MB whenever a snapshot was written.
 */
export function heapAfterGc(): { used: number; code: number } {
  if (!gc) {
    // a new context per call would itself add compiled scripts to the heap measured
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
  }
  // Node's global buffer of fetch timings (250 entries at most), filled by the test's own
  // calls to fleet-sim's admin API
  performance.clearResourceTimings();
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const code = getHeapCodeStatistics();
  return {
    used: process.memoryUsage().heapUsed,
    code: code.code_and_metadata_size + code.bytecode_and_metadata_size,
  };
}

/** The least-squares slope of y over x (0 with fewer than two distinct x). */
export function slope(
  samples: ReadonlyArray<readonly [number, number]>,
): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, [x]) => s + x, 0) / n;
  const my = samples.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of samples) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * SOAK_SNAPSHOTS=50,250 SOAK_SNAPSHOT_DIR=/tmp writes a heap snapshot when the soak samples the
 * heap before those rotations (pick multiples of the sampling step it prints), for
 * soakHeapDiff.mjs to compare.
 */
export function snapshotIfAsked(rotation: number): string | undefined {
  const asked = (process.env.SOAK_SNAPSHOTS ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (!asked.includes(rotation)) return undefined;
  return writeHeapSnapshot(
    `${process.env.SOAK_SNAPSHOT_DIR ?? '.'}/soak-${rotation}.heapsnapshot`,
  );
}
