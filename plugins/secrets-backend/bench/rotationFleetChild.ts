import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { FleetAppConfig } from '@internal/fleet-sim';

export interface AdminCluster {
  name: string;
  url: string;
  caData?: string;
  adminToken: string;
}

export interface RotationFleet {
  appConfig: FleetAppConfig;
  vault: { url: string; rootToken: string };
  clusters: AdminCluster[];
  stop(): Promise<void>;
}

/** Starts rotationFleetProcess.ts in a child Node process and waits until it is seeded. */
export function startRotationFleet(env: {
  clusters: number;
  rolloutMs: number;
}): Promise<RotationFleet> {
  const child = fork(join(__dirname, 'rotationFleetProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      CLUSTERS: String(env.clusters),
      ROLLOUT_MS: String(env.rolloutMs),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`fleet process exited with ${code}`)),
    );
    // the transform in the child also posts {type: 'watch'} messages for its dev-mode reloads
    child.on('message', (m: any) => {
      if (m?.type !== 'ready') return;
      resolve({
        appConfig: m.appConfig,
        vault: m.vault,
        clusters: m.clusters,
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
