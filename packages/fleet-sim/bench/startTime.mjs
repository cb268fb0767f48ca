/*
 * Start time of fleet-sim: seconds from spawning `bin/fleet-sim start` until it prints its ready
 * line ("Press Ctrl+C to stop."), and the CPU seconds the process used by then (steadier than the
 * wall time on a shared machine). Stops the fleet afterwards.
 *
 *   node bench/startTime.mjs [fleet-sim dir] demo
 *   node bench/startTime.mjs [fleet-sim dir] scale --clusters 20 --per-cluster 2000
 *
 * A cold start (nothing compiled yet): give it an empty TMPDIR, where the bin keeps its cache.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dir = '.', scenario = 'demo', ...extra] = process.argv.slice(2);
const args = [
  join(dir, 'bin', 'fleet-sim'),
  'start',
  '--scenario',
  scenario,
  '--config-out',
  join(tmpdir(), `fleet-sim-start-${process.pid}.yaml`),
  ...extra,
];
const started = performance.now();
const child = spawn(process.execPath, args, {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
let ready = false;
child.stdout.on('data', chunk => {
  output += chunk;
  if (ready || !output.includes('Press Ctrl+C to stop.')) return;
  ready = true;
  const wall = (performance.now() - started) / 1000;
  // utime + stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second)
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
  console.log(`${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU`);
  child.kill('SIGTERM');
});
child.on('exit', code => {
  if (!ready) {
    console.error(`fleet-sim exited (${code}) before it was ready:\n${output}`);
    process.exitCode = 1;
  }
});
