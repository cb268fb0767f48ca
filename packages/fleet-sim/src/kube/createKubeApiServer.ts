import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { SimClock } from '../clock/SimClock';
import { EsoVersions } from './esoResources';
import { AccessRule } from './http/accessRules';
import { Fail5xxOptions, RequestFaults } from './http/Faults';
import { handleRequest, ServerState } from './http/handleRequest';
import { createServerTls } from './http/serverTls';
import {
  IssueTokenOptions,
  ServiceAccountTokenOptions,
  TokenAuthority,
} from './http/TokenAuthority';
import { WatchHub } from './http/WatchHub';
import { kubeconfigYaml } from './kubeconfigYaml';
import { InMemoryClusterStore } from './store/InMemoryClusterStore';

export interface KubeApiServerOptions {
  /** cluster name (store name, CA common name) */
  name: string;
  clock: SimClock;
  /** HTTPS with a CA generated at start (default true) */
  tls?: boolean;
  /** which ESO API the cluster serves (default 'v1') */
  esoVersions?: EsoVersions;
  /** retained watch events (default 50,000) */
  historySize?: number;
  /** simulated ms between BOOKMARK events on watches that allow them (default 60 s) */
  bookmarkIntervalMs?: number;
  /** fixed port (default 0: ephemeral) */
  port?: number;
}

export interface KubeFaults {
  /** close the listener and every connection: clients get connection refused */
  down(): Promise<void>;
  /** listen again on the same port */
  up(): Promise<void>;
  readonly isDown: boolean;
  /** simulated ms added before every request is handled */
  latencyMs: number;
  fail5xx(options: Fail5xxOptions): void;
  clear5xx(): void;
  /** destroys every open watch connection; returns how many */
  cutWatches(): number;
  /** ends every open watch cleanly, as a server-side watch timeout does; returns how many */
  endWatches(): number;
  /** drops the retained history: resuming a watch or a list from before now gets 410 */
  compact(): void;
  revokeToken(token: string): void;
}

export interface KubeApiServerHandle {
  readonly name: string;
  /** http(s)://127.0.0.1:<port> */
  readonly url: string;
  /** base64 of the CA certificate PEM (kubeconfig certificate-authority-data), when TLS */
  readonly caData?: string;
  readonly store: InMemoryClusterStore;
  /** a random bearer token allowed exactly `rules` */
  issueToken(rules: AccessRule[], options?: IssueTokenOptions): string;
  /** a service-account JWT (creates the ServiceAccount if needed) that TokenReview validates */
  issueServiceAccountToken(
    namespace: string,
    serviceAccount: string,
    options?: ServiceAccountTokenOptions,
  ): string;
  /** RBAC for a service account's tokens */
  grantServiceAccount(
    namespace: string,
    serviceAccount: string,
    rules: AccessRule[],
  ): void;
  /** a kubeconfig (YAML) for this cluster and token, e.g. for kubectl */
  kubeconfig(token: string): string;
  readonly faults: KubeFaults;
  stop(): Promise<void>;
}

export async function createKubeApiServer(
  options: KubeApiServerOptions,
): Promise<KubeApiServerHandle> {
  const { clock } = options;
  const tlsEnabled = options.tls ?? true;
  const store = new InMemoryClusterStore({
    name: options.name,
    clock,
    esoVersions: options.esoVersions ?? 'v1',
    historySize: options.historySize,
  });
  const tokens = new TokenAuthority(store);
  const hub = new WatchHub(store);
  const requestFaults = new RequestFaults();
  const tls = tlsEnabled ? await createServerTls(options.name) : undefined;
  const sockets = new Set<Socket>();
  let hostPort = '';

  const state: ServerState = {
    name: options.name,
    store,
    tokens,
    hub,
    faults: requestFaults,
    clock,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    hostPort: () => hostPort,
  };
  const handle = (req: IncomingMessage, res: ServerResponse) =>
    handleRequest(state, req, res);

  const server: Server = tls
    ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handle)
    : createHttpServer(handle);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let port = options.port ?? 0;
  let down = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>(resolve => {
      hub.destroyAll();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  await listen();
  hostPort = `127.0.0.1:${port}`;
  const url = `${tls ? 'https' : 'http'}://${hostPort}`;
  const caData = tls ? Buffer.from(tls.caPem).toString('base64') : undefined;

  const faults: KubeFaults = {
    async down() {
      if (down) return;
      down = true;
      await close();
    },
    async up() {
      if (!down) return;
      await listen();
      down = false;
    },
    get isDown() {
      return down;
    },
    get latencyMs() {
      return requestFaults.latencyMs;
    },
    set latencyMs(value: number) {
      requestFaults.latencyMs = value;
    },
    fail5xx: o => requestFaults.fail5xx(o),
    clear5xx: () => requestFaults.clear5xx(),
    cutWatches: () => hub.destroyAll(),
    endWatches: () => hub.endAll(),
    compact: () => store.compact(),
    revokeToken: token => tokens.revokeToken(token),
  };

  return {
    name: options.name,
    url,
    caData,
    store,
    issueToken: (rules, o) => tokens.issueToken(rules, o),
    issueServiceAccountToken: (ns, sa, o) =>
      tokens.issueServiceAccountToken(ns, sa, o),
    grantServiceAccount: (ns, sa, rules) =>
      tokens.grantServiceAccount(ns, sa, rules),
    kubeconfig: token => kubeconfigYaml(options.name, url, caData, token),
    faults,
    async stop() {
      hub.stop();
      if (!down) await close();
      down = true;
    },
  };
}
