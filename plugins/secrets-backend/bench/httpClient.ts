import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ClientJob, ClientResult } from './httpClientProcess';

/** The browser-like client (httpClientProcess.ts) in its own process, one job at a time. */
export function startHttpClient() {
  const child = fork(join(__dirname, 'httpClientProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    run(job: ClientJob): Promise<ClientResult> {
      return new Promise((resolve, reject) => {
        const onMessage = (m: any) => {
          if (m?.type === 'result') {
            child.off('message', onMessage);
            resolve(m.result);
          } else if (m?.type === 'error') {
            child.off('message', onMessage);
            reject(new Error(m.message));
          }
        };
        child.on('message', onMessage);
        child.send(job);
      });
    },
    stop() {
      child.disconnect();
    },
  };
}
