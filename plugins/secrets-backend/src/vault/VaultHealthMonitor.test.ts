import { mockServices } from '@backstage/backend-test-utils';
import type { VaultServerConfig } from '../config/types';
import { VaultHealthMonitor } from './VaultHealthMonitor';

const server = (name: string, url: string): VaultServerConfig => ({
  name,
  url,
  backendUrl: url,
  skipTLSVerify: false,
  auth: { type: 'token', token: 't-secret' },
  namespaces: [],
  healthCheckIntervalMs: 20,
});

const body = (over: Record<string, unknown> = {}) => ({
  initialized: true,
  sealed: false,
  standby: false,
  performance_standby: false,
  // never to be echoed anywhere
  cluster_name: 'vault-cluster-secret-name',
  ...over,
});

function setup(answers: Record<string, () => unknown>) {
  let now = Date.parse('2026-01-01T12:00:00Z');
  const logs: string[] = [];
  const logger = mockServices.logger.mock({
    info: (m: string) => void logs.push(m),
    warn: (m: string) => void logs.push(m),
  });
  const monitor = new VaultHealthMonitor(
    [server('main', 'https://vault:8200'), server('dr', 'https://dr:8200')],
    {
      logger,
      now: () => now,
      check: async s => answers[s.name](),
    },
  );
  return { monitor, logs, tick: (ms: number) => (now += ms) };
}

describe('VaultHealthMonitor', () => {
  it('reads each server’s state from its sys/health flags', async () => {
    const answers: Record<string, () => unknown> = {
      main: () => body(),
      dr: () => body({ sealed: true }),
    };
    const { monitor } = setup(answers);
    expect(monitor.all().map(h => h.state)).toEqual(['unknown', 'unknown']);
    await monitor.checkNow();
    expect(monitor.all()).toEqual([
      {
        name: 'main',
        url: 'https://vault:8200',
        state: 'active',
        checkedAt: '2026-01-01T12:00:00.000Z',
        since: '2026-01-01T12:00:00.000Z',
      },
      expect.objectContaining({
        name: 'dr',
        state: 'sealed',
        message: 'Vault is sealed (sys/health 503)',
      }),
    ]);
    for (const [flags, state] of [
      [{ standby: true }, 'standby'],
      [{ standby: true, performance_standby: true }, 'performance-standby'],
      [{ initialized: false }, 'uninitialized'],
    ] as const) {
      answers.main = () => body(flags);
      await monitor.checkNow();
      expect(monitor.forUrl('https://vault:8200/')?.state).toBe(state);
    }
    answers.main = () => '<html>bad gateway</html>';
    await monitor.checkNow();
    expect(monitor.forUrl('https://vault:8200')?.state).toBe('unknown');
  });

  it('says unreachable with the network error, keeps since while the state holds and logs changes only', async () => {
    const answers: Record<string, () => unknown> = {
      main: () => body(),
      dr: () => body(),
    };
    const { monitor, logs, tick } = setup(answers);
    await monitor.checkNow();
    answers.main = () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8200'), {
        code: 'ECONNREFUSED',
      });
    };
    tick(1000);
    await monitor.checkNow();
    tick(1000);
    await monitor.checkNow();
    expect(monitor.forUrl('https://vault:8200')).toEqual({
      name: 'main',
      url: 'https://vault:8200',
      state: 'unreachable',
      checkedAt: '2026-01-01T12:00:02.000Z',
      since: '2026-01-01T12:00:01.000Z',
      message: 'connect ECONNREFUSED 127.0.0.1:8200',
    });
    expect(logs).toEqual([
      'secrets: Vault server main is unreachable (connect ECONNREFUSED 127.0.0.1:8200)',
    ]);
    expect(JSON.stringify(monitor.all())).not.toMatch(
      /t-secret|vault-cluster-secret-name/,
    );
    expect(monitor.forUrl('https://elsewhere:8200')).toBeUndefined();
    expect(monitor.forUrl(undefined)).toBeUndefined();
  });

  it('checks on its interval once started, and not after stop', async () => {
    let calls = 0;
    let thirdCall: () => void;
    const third = new Promise<void>(r => (thirdCall = r));
    const { monitor } = setup({
      main: () => {
        if (++calls === 3) thirdCall();
        return body();
      },
      dr: () => body(),
    });
    monitor.start();
    // every 20 ms: a third check comes without anyone asking
    await third;
    await monitor.stop();
    const stoppedAt = calls;
    await new Promise(r => setTimeout(r, 60));
    expect(calls).toBe(stoppedAt);
  });
});
