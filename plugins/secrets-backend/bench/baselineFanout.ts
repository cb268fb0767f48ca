/*
 * The baseline: how the Kubernetes plugin answers an entity page. On every request it LISTs the
 * resource with the entity's label selector in every configured cluster in parallel and waits for
 * all of them (a failing cluster becomes an error entry, bounded by a gateway-like timeout).
 * Plain HTTPS with the cluster's CA and service-account token and a keep-alive agent per
 * cluster, i.e. an optimistic client: no client-node object mapping on top of JSON.parse.
 */
import { Agent, request } from 'node:https';
import type { FleetAppConfig } from '@internal/fleet-sim';

const ES_PATH = '/apis/external-secrets.io/v1/externalsecrets';

export interface FanoutResult {
  items: number;
  errors: string[];
}

interface ClusterTarget {
  name: string;
  url: URL;
  agent: Agent;
  token: string;
}

export class BaselineFanout {
  readonly #clusters: ClusterTarget[];

  constructor(config: FleetAppConfig, private readonly timeoutMs: number) {
    this.#clusters = config.secrets.clusters.map(c => ({
      name: c.name,
      url: new URL(c.url),
      token: c.serviceAccountToken,
      agent: new Agent({
        keepAlive: true,
        ca: c.caData ? Buffer.from(c.caData, 'base64') : undefined,
      }),
    }));
  }

  async entity(kubernetesId: string): Promise<FanoutResult> {
    const selector = encodeURIComponent(
      `backstage.io/kubernetes-id=${kubernetesId}`,
    );
    const results = await Promise.allSettled(
      this.#clusters.map(c =>
        this.#list(c, `${ES_PATH}?labelSelector=${selector}`),
      ),
    );
    const out: FanoutResult = { items: 0, errors: [] };
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') out.items += r.value;
      else
        out.errors.push(
          `${this.#clusters[i].name}: ${(r.reason as Error).message}`,
        );
    });
    return out;
  }

  close(): void {
    for (const c of this.#clusters) c.agent.destroy();
  }

  #list(c: ClusterTarget, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, c.url),
        {
          agent: c.agent,
          headers: { authorization: `Bearer ${c.token}` },
          timeout: this.timeoutMs,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            if (res.statusCode !== 200) {
              reject(new Error(`HTTP ${res.statusCode}`));
              return;
            }
            resolve(
              JSON.parse(Buffer.concat(chunks).toString('utf8')).items.length,
            );
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`timeout after ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end();
    });
  }
}
