import { readFileSync } from 'node:fs';
import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConfig } from '../config/types';

const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where and how to send one request: the API server and its TLS + credential options. */
export interface RequestTarget {
  baseUrl: URL;
  options: https.RequestOptions & { headers: Record<string, string> };
}

interface Loaded {
  kc: KubeConfig;
  /** A token file read on every request (service account, or a kubeconfig user's `tokenFile`). */
  tokenFile?: string;
}

/**
 * A cluster's TLS settings and credentials, applied afresh to every request and watch start:
 * projected service-account tokens rotate and kubeconfig credentials (exec plugins, token files)
 * expire while the backend runs. client-node's KubeConfig caches exec and auth-provider
 * credentials itself; after a 401 `invalidate` drops it, so the next request reloads the
 * kubeconfig from disk, re-reads token files and re-runs exec plugins.
 */
export class ClusterCredentials {
  #loaded?: Promise<Loaded>;

  constructor(private readonly cluster: ClusterConfig) {}

  async target(): Promise<RequestTarget> {
    const { kc, tokenFile } = await this.#load();
    const options: RequestTarget['options'] = { headers: {} };
    await kc.applyToHTTPSOptions(options);
    // KubeHttp opens one connection per request; the pooled agent client-node builds is unused
    delete options.agent;
    if (tokenFile) {
      // projected tokens rotate: read the file on every request
      options.headers.Authorization = `Bearer ${readFileSync(
        tokenFile,
        'utf8',
      ).trim()}`;
    }
    const server = kc.getCurrentCluster()?.server ?? this.cluster.url;
    return { baseUrl: new URL(server), options };
  }

  /** The credentials were refused: load them again before the next request. */
  invalidate(): void {
    this.#loaded = undefined;
  }

  #load(): Promise<Loaded> {
    if (!this.#loaded) {
      const loading = load(this.cluster);
      this.#loaded = loading;
      // a kubeconfig that failed to load (missing file, bad YAML) is retried next time
      loading.catch(() => {
        if (this.#loaded === loading) this.#loaded = undefined;
      });
    }
    return this.#loaded;
  }
}

async function load(cluster: ClusterConfig): Promise<Loaded> {
  const { KubeConfig: KubeConfigClass, loadYaml } = await import(
    '@kubernetes/client-node'
  );
  const kc = new KubeConfigClass();
  if (cluster.auth.type === 'kubeconfig') {
    const { path, context } = cluster.auth;
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
    if (context) kc.setCurrentContext(context);
    // client-node ignores kubectl's `tokenFile` (it knows only `token-file`, read once)
    const user = kc.getCurrentUser()?.name;
    const raw = path ? loadYaml<RawKubeConfig>(readFileSync(path, 'utf8')) : {};
    const entry = raw.users?.find(u => u.name === user)?.user;
    return { kc, tokenFile: entry?.tokenFile ?? entry?.['token-file'] };
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [{ name: 'plugin', token: cluster.auth.token }],
    contexts: [{ name: 'plugin', cluster: cluster.name, user: 'plugin' }],
    currentContext: 'plugin',
  });
  const { auth } = cluster;
  return {
    kc,
    tokenFile:
      auth.type === 'serviceAccount' && !auth.token
        ? auth.tokenFile ?? IN_CLUSTER_TOKEN_FILE
        : undefined,
  };
}

/** The part of a kubeconfig file client-node does not keep. */
interface RawKubeConfig {
  users?: Array<{
    name: string;
    user?: { tokenFile?: string; 'token-file'?: string };
  }>;
}
