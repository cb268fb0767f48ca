import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FleetAppConfig } from '@internal/fleet-sim';

export interface FleetChild {
  appConfig: FleetAppConfig;
  admin: { url: string; token: string };
  seedMs: number;
  /** POST /clusters/{name}/{action} on the fleet's admin API. */
  fault(
    cluster: string,
    action: 'down' | 'up' | 'latency',
    body?: Record<string, unknown>,
  ): Promise<void>;
  stop(): Promise<void>;
}

/** Starts fleetProcess.ts in a child Node process and waits until its clusters are seeded. */
export function startFleetChild(env: {
  clusters: number;
  perCluster: number;
}): Promise<FleetChild> {
  const child: ChildProcess = fork(join(__dirname, 'fleetProcess.ts'), [], {
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
    // the transform in the child also posts {type: 'watch'} messages for its dev-mode reloads
    child.on('message', (m: any) => {
      if (m?.type !== 'ready') return;
      const admin = m.admin as FleetChild['admin'];
      resolve({
        appConfig: m.appConfig,
        admin,
        seedMs: m.seedMs,
        async fault(cluster, action, body = {}) {
          const res = await fetch(
            `${admin.url}/clusters/${cluster}/${action}`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${admin.token}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify(body),
            },
          );
          if (!res.ok)
            throw new Error(
              `admin ${action} ${cluster}: ${res.status} ${await res.text()}`,
            );
        },
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
