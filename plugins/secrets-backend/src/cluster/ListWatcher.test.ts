import { KubeApiError, type KubeHttp } from './KubeHttp';
import { ListWatcher, type WatchSink } from './ListWatcher';

/** A collection whose server refuses until `up`, then lists one object and holds the watch open. */
function fakeServer() {
  const server = { up: false, lists: 0 };
  const http = {
    async getJson() {
      server.lists++;
      if (!server.up) throw new KubeApiError('connect ECONNREFUSED');
      return {
        metadata: { resourceVersion: '1' },
        items: [{ metadata: { namespace: 'ns', name: 'a' } }],
      };
    },
    watch: (
      _path: string,
      _query: unknown,
      _onEvent: unknown,
      signal: AbortSignal,
    ) =>
      new Promise<void>(resolve =>
        signal.addEventListener('abort', () => resolve()),
      ),
  } as unknown as KubeHttp;
  return { server, http };
}

const sink: WatchSink<unknown> = {
  replace: () => {},
  upsert: () => {},
  remove: () => {},
};

describe('ListWatcher', () => {
  it('retries at once when told the cluster answers again, instead of waiting out its backoff', async () => {
    const { server, http } = fakeServer();
    const states: boolean[] = [];
    const watcher = new ListWatcher({
      http,
      path: '/api/v1/secrets',
      project: raw => raw,
      sink,
      initialBackoffMs: 60_000,
      maxBackoffMs: 60_000,
      onState: ({ healthy }) => states.push(healthy),
    });
    watcher.start();
    try {
      await new Promise(r => setTimeout(r, 50));
      expect(states).toEqual([false]);
      server.up = true;
      await new Promise(r => setTimeout(r, 50));
      // still in its 60 s backoff: nothing told it the server is back
      expect(server.lists).toBe(1);
      watcher.retryNow();
      await new Promise(r => setTimeout(r, 50));
      expect(server.lists).toBe(2);
      expect(states).toEqual([false, true]);
    } finally {
      await watcher.stop();
    }
  });

  it('ignores retryNow while it is not backing off', async () => {
    const { server, http } = fakeServer();
    server.up = true;
    const watcher = new ListWatcher({
      http,
      path: '/api/v1/secrets',
      project: raw => raw,
      sink,
      maxBackoffMs: 1000,
      onState: () => {},
    });
    watcher.start();
    try {
      await new Promise(r => setTimeout(r, 50));
      watcher.retryNow();
      await new Promise(r => setTimeout(r, 50));
      expect(server.lists).toBe(1);
    } finally {
      await watcher.stop();
    }
  });
});
