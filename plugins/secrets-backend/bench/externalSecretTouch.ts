/*
 * Changes one ExternalSecret through the cluster's API (a merge-patched label, a field the cache
 * keeps), as an ESO status update or a GitOps sync would, so the benchmark can time an entity view
 * right after one of its ExternalSecrets changed.
 */
import { Agent, request } from 'node:https';
import type { FleetAppConfig } from '@internal/fleet-sim';

export class ExternalSecretTouch {
  readonly #clusters = new Map<
    string,
    { url: URL; agent: Agent; token: string }
  >();
  #count = 0;

  constructor(config: FleetAppConfig) {
    for (const c of config.secrets.clusters)
      this.#clusters.set(c.name, {
        url: new URL(c.url),
        token: c.serviceAccountToken,
        agent: new Agent({
          keepAlive: true,
          ca: c.caData ? Buffer.from(c.caData, 'base64') : undefined,
        }),
      });
  }

  touch(cluster: string, namespace: string, name: string): Promise<void> {
    const c = this.#clusters.get(cluster);
    if (!c) throw new Error(`unknown cluster ${cluster}`);
    const body = JSON.stringify({
      metadata: { labels: { 'bench-touched': String(++this.#count) } },
    });
    const path = `/apis/external-secrets.io/v1/namespaces/${namespace}/externalsecrets/${name}`;
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, c.url),
        {
          method: 'PATCH',
          agent: c.agent,
          headers: {
            authorization: `Bearer ${c.token}`,
            'content-type': 'application/merge-patch+json',
          },
        },
        res => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`PATCH ${path}: HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    for (const c of this.#clusters.values()) c.agent.destroy();
  }
}
