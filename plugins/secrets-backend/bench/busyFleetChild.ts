import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { FleetAppConfig } from '@internal/fleet-sim';

export interface BusyFleetChild {
  appConfig: FleetAppConfig;
  seedMs: number;
  /**
   * Starts (or re-paces) status writes: `perSecond` per cluster, in every cluster; every
   * `failEvery`-th ExternalSecret is written failing (0: none).
   */
  busy(perSecond: number, failEvery: number): void;
  /** Stops the writes; resolves with how many were written. */
  quiet(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts busyFleetProcess.ts in a child Node process and waits until its clusters are seeded. */
export function startBusyFleetChild(env: {
  clusters: number;
  perCluster: number;
}): Promise<BusyFleetChild> {
  const child = fork(join(__dirname, 'busyFleetProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      '--max-old-space-size=12288',
    ],
    env: {
      ...process.env,
      CLUSTERS: String(env.clusters),
      PER_CLUSTER: String(env.perCluster),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`fleet process exited with ${code}`)),
    );
    child.on('message', (m: any) => {
      if (m?.type !== 'ready') return;
      resolve({
        appConfig: m.appConfig,
        seedMs: m.seedMs,
        busy: (perSecond, failEvery) =>
          child.send({ type: 'busy', perSecond, failEvery }),
        quiet: () =>
          new Promise<number>(done => {
            const onQuiet = (q: any) => {
              if (q?.type !== 'quiet') return;
              child.off('message', onQuiet);
              done(q.written);
            };
            child.on('message', onQuiet);
            child.send({ type: 'quiet' });
          }),
        stop: () =>
          new Promise<void>(done => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}
