/*
 * Credentials that change while the backend runs, and connection failures named by their cause,
 * against one fleet-sim API server over real HTTPS: a token file (service account, or a kubeconfig
 * user's `tokenFile`) is re-read, so a revoked token replaced on disk recovers without a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  PLUGIN_RULES,
  PLUGIN_SERVICE_ACCOUNT,
  startFleet,
  type FleetHandle,
  type Scenario,
} from '@internal/fleet-sim';
import { ClusterCache } from '../cluster/ClusterCache';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { eventually } from '../__testUtils__/demoFleet';
import { fleetAdmin } from '../__testUtils__/fleetAdmin';
import { clusterError } from '../service/clusterSummaries';

/** One empty cluster with ESO: nothing to seed, quick to start. */
const oneCluster: Scenario = {
  name: 'one-cluster',
  plan: () => [{ name: 'c1', environment: 'dev', eso: 'v1' }],
  seed: () => {},
};

describe('cluster credentials and connection errors', () => {
  let fleet: FleetHandle;
  let dir: string;
  const caches: ClusterCache[] = [];
  beforeAll(async () => {
    fleet = await startFleet({ scenario: oneCluster });
    dir = mkdtempSync(join(tmpdir(), 'secrets-credentials-'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(caches.map(c => c.stop()));
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const c1 = () => fleet.cluster('c1');
  const issueToken = () =>
    c1().api.issueServiceAccountToken(
      PLUGIN_SERVICE_ACCOUNT.namespace,
      PLUGIN_SERVICE_ACCOUNT.name,
      { rules: PLUGIN_RULES, expirationSeconds: 3600 },
    );

  function startCache(cluster: Record<string, unknown>) {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          includeKubernetesPluginClusters: false,
          clusters: [{ name: 'c1', ...cluster }],
        },
      }),
    );
    const cache = new ClusterCache(
      config.clusters,
      { ...config.cache, maxBackoffMs: 300 },
      mockServices.logger.mock(),
      () => fleet.clock.now(),
    );
    caches.push(cache);
    cache.start();
    return cache.cluster('c1')!;
  }

  /** A kubeconfig (JSON is YAML) for c1 whose user is `user`; returns its path. */
  function writeKubeconfig(name: string, user: Record<string, unknown>) {
    const path = join(dir, name);
    writeFileSync(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'c1',
            cluster: {
              server: c1().api.url,
              'certificate-authority-data': c1().api.caData,
            },
          },
        ],
        users: [{ name: 'plugin', user }],
        contexts: [{ name: 'c1', context: { cluster: 'c1', user: 'plugin' } }],
        'current-context': 'c1',
      }),
    );
    return path;
  }

  /**
   * Revokes the token the cache uses, then puts a fresh one where it reads tokens from; resolves
   * to the cluster's error once it is connected again.
   */
  async function rotate(
    watch: ReturnType<typeof startCache>,
    oldToken: string,
    tokenFile: string,
  ) {
    await fleetAdmin(fleet, '/clusters/c1/revoke-token', { token: oldToken });
    // open watches outlive a revoked token; the next request is what gets refused
    await fleetAdmin(fleet, '/clusters/c1/cut-watches');
    // the cut itself fails first (no status); the retry is refused
    const error = await eventually(() => {
      const e = clusterError(watch, fleet.clock.now());
      const down = watch.status().state === 'unreachable';
      return down && e?.errorType === 'UNAUTHORIZED' && e;
    });
    expect(error.message).not.toContain(oldToken);

    writeFileSync(tokenFile, issueToken());
    await eventually(() => watch.status().state === 'connected');
    return clusterError(watch, fleet.clock.now());
  }

  it('re-reads a service-account token file after its token was revoked', async () => {
    const tokenFile = join(dir, 'sa-token');
    const token = issueToken();
    writeFileSync(tokenFile, token);
    const watch = startCache({
      url: c1().api.url,
      caData: c1().api.caData,
      serviceAccountTokenFile: tokenFile,
    });
    await eventually(() => watch.status().state === 'connected');
    expect(await rotate(watch, token, tokenFile)).toBeUndefined();
  }, 30_000);

  it('re-reads the tokenFile of a kubeconfig user after its token was revoked', async () => {
    const tokenFile = join(dir, 'kubeconfig-token');
    const token = issueToken();
    writeFileSync(tokenFile, token);
    const watch = startCache({
      url: c1().api.url,
      authProvider: 'kubeconfig',
      kubeconfigPath: writeKubeconfig('kubeconfig', { tokenFile }),
    });
    await eventually(() => watch.status().state === 'connected');
    expect(await rotate(watch, token, tokenFile)).toBeUndefined();
  }, 30_000);

  it('runs a kubeconfig exec plugin again after its cached credential was refused', async () => {
    const tokenFile = join(dir, 'exec-token');
    const token = issueToken();
    writeFileSync(tokenFile, token);
    // client-node keeps an exec credential until its expirationTimestamp: an hour from now
    const plugin = `process.stdout.write(JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: {
        token: require('fs').readFileSync(${JSON.stringify(
          tokenFile,
        )}, 'utf8').trim(),
        expirationTimestamp: new Date(Date.now() + 3600e3).toISOString(),
      },
    }))`;
    const watch = startCache({
      url: c1().api.url,
      authProvider: 'kubeconfig',
      kubeconfigPath: writeKubeconfig('exec-kubeconfig', {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: ['-e', plugin],
          interactiveMode: 'Never',
        },
      }),
    });
    await eventually(() => watch.status().state === 'connected');
    expect(await rotate(watch, token, tokenFile)).toBeUndefined();
  }, 30_000);

  it('says the certificate is not trusted when the CA is missing', async () => {
    const token = issueToken();
    const watch = startCache({
      url: c1().api.url,
      serviceAccountToken: token,
    });
    await eventually(() => watch.status().state === 'unreachable');
    const error = clusterError(watch, fleet.clock.now());
    expect(error).toMatchObject({
      errorType: 'TLS',
      message: expect.stringMatching(/certificate .* is not trusted/),
    });
    expect(error?.message).not.toContain(token);
  });

  it('says the connection was refused when nothing listens', async () => {
    const port = await closedPort();
    const watch = startCache({
      url: `https://127.0.0.1:${port}`,
      serviceAccountToken: issueToken(),
    });
    await eventually(() => watch.status().state === 'unreachable');
    expect(clusterError(watch, fleet.clock.now())).toMatchObject({
      errorType: 'UNREACHABLE',
      message: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it('says the credentials could not be loaded when the token file is missing', async () => {
    const watch = startCache({
      url: c1().api.url,
      caData: c1().api.caData,
      serviceAccountTokenFile: join(dir, 'no-such-token'),
    });
    await eventually(() => watch.status().state === 'unreachable');
    expect(clusterError(watch, fleet.clock.now())).toMatchObject({
      errorType: 'UNAUTHORIZED',
      message: expect.stringMatching(
        /^credentials could not be loaded: .*ENOENT/,
      ),
    });
  });
});

/** A port that was just free: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}
