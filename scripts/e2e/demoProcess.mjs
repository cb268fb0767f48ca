// Runs the demo exactly as a user does (`npm start`) and stops it as Ctrl-C does (SIGINT to the
// npm process), then proves that nothing it started is left: no process of its session and no
// port of the fleet or the backend still listening.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** A port nobody listens on now, so that the demo does not collide with one already running. */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function listening(port) {
  return new Promise(ok => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** Processes whose session is `sid`: npm is started as a session leader, so all it started. */
function sessionProcesses(sid) {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,sid=,args='], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map(line => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter(m => m && Number(m[2]) === sid)
    .map(m => ({ pid: Number(m[1]), args: m[3] }));
}

/** Every port fleet-sim printed (Vault, API servers, admin API). */
function fleetPorts(demoDir) {
  try {
    const log = readFileSync(`${demoDir}/fleet-sim.log`, 'utf8');
    return [...log.matchAll(/https?:\/\/127\.0\.0\.1:(\d+)/g)].map(m =>
      Number(m[1]),
    );
  } catch {
    return [];
  }
}

/**
 * Starts `npm start` with `env` added; resolves once `until` (default: the printed URL) appears.
 * @returns {Promise<{url?: string, port: number, demoDir: string, output: () => string,
 *   stop: () => Promise<{exitCode: number|null, stopMs: number, left: object[], openPorts: number[]}>}>}
 */
export async function startDemo({
  env = {},
  until = /Secrets demo is running:\s+(\S+)/,
  timeoutMs = 600_000,
  log = process.stdout,
} = {}) {
  const port = Number(env.SECRETS_DEMO_PORT ?? (await freePort()));
  const demoDir = resolve(repoRoot, env.SECRETS_DEMO_DIR ?? 'test-output/demo');
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    // its own session: what is left afterwards is found by session id, even if re-parented
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SECRETS_DEMO_PORT: String(port),
      SECRETS_DEMO_DIR: demoDir,
      ...env,
    },
  });
  let output = '';
  const exited = new Promise(ok => child.once('exit', code => ok(code)));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the demo did not print ${until} in time`)),
      timeoutMs,
    );
    const onData = chunk => {
      output += chunk;
      log?.write(chunk);
      const m = until.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(code => {
      clearTimeout(timer);
      fail(new Error(`npm start exited (${code}) before ${until}`));
    });
  });
  const sid = child.pid;
  return {
    url,
    port,
    demoDir,
    pid: child.pid,
    output: () => output,
    processes: () => sessionProcesses(sid),
    async stop({ graceMs = 30_000 } = {}) {
      const ports = [
        port,
        ...(env.SECRETS_DEMO_DEV ? [3000] : []), // the dev server
        ...fleetPorts(demoDir),
      ];
      const openBefore = [];
      for (const p of ports) if (await listening(p)) openBefore.push(p);
      const before = sessionProcesses(sid).length;
      const t0 = Date.now();
      process.kill(child.pid, 'SIGINT');
      const exitCode = await Promise.race([
        exited,
        new Promise(ok => setTimeout(() => ok('timeout'), graceMs)),
      ]);
      const stopMs = Date.now() - t0;
      // a moment for children that were signalled last to finish exiting
      let left = sessionProcesses(sid);
      for (let i = 0; i < 20 && left.length; i++) {
        await new Promise(ok => setTimeout(ok, 250));
        left = sessionProcesses(sid);
      }
      const openPorts = [];
      for (const p of ports) if (await listening(p)) openPorts.push(p);
      // never leave a mess behind for the next step, even when the check fails
      for (const p of left) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return { exitCode, stopMs, left, openPorts, openBefore, before };
    },
  };
}

/** Throws unless `stop()`'s report says that everything ended. */
export function assertNothingLeft(report) {
  const problems = [];
  if (report.exitCode === 'timeout')
    problems.push('npm start did not exit within the grace period');
  if (report.left.length)
    problems.push(
      `processes left: ${report.left
        .map(p => `${p.pid} ${p.args.slice(0, 120)}`)
        .join('; ')}`,
    );
  if (report.openPorts.length)
    problems.push(`ports still listening: ${report.openPorts.join(', ')}`);
  if (problems.length) throw new Error(problems.join('\n'));
}
