/*
 * What a person's script has at hand in the baseline, and what the controller-time measurement
 * watches with: plain HTTPS to one API server with an admin token (GET, merge PATCH, and a watch
 * of one object), plus a KV v2 write to Vault. No plugin code, so nothing of the subject is
 * measured twice.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { AdminCluster } from './rotationFleetChild';

export type KubeObject = {
  metadata: {
    name: string;
    resourceVersion?: string;
    generation?: number;
    annotations?: Record<string, string>;
  };
  spec?: any;
  status?: any;
};

export const paths = {
  externalSecret: (ns: string, name: string) =>
    `/apis/external-secrets.io/v1/namespaces/${ns}/externalsecrets/${name}`,
  secret: (ns: string, name: string) =>
    `/api/v1/namespaces/${ns}/secrets/${name}`,
  deployment: (ns: string, name: string) =>
    `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
};

export class KubeAdmin {
  readonly #agent: Agent;
  readonly #base: URL;
  readonly #ca: Buffer | undefined;

  constructor(readonly cluster: AdminCluster) {
    this.#base = new URL(cluster.url);
    this.#ca = cluster.caData
      ? Buffer.from(cluster.caData, 'base64')
      : undefined;
    this.#agent = new Agent({ keepAlive: true, ca: this.#ca });
  }

  #options(method: string, contentType?: string): RequestOptions {
    return {
      method,
      agent: this.#agent,
      headers: {
        authorization: `Bearer ${this.cluster.adminToken}`,
        accept: 'application/json',
        ...(contentType ? { 'content-type': contentType } : {}),
      },
    };
  }

  #call(method: string, path: string, body?: unknown): Promise<KubeObject> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.#base),
        this.#options(
          method,
          body ? 'application/merge-patch+json' : undefined,
        ),
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', c => (text += c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(JSON.parse(text))
              : reject(
                  new Error(`${method} ${path}: ${res.statusCode} ${text}`),
                ),
          );
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  }

  get(path: string): Promise<KubeObject> {
    return this.#call('GET', path);
  }

  patch(path: string, body: unknown): Promise<KubeObject> {
    return this.#call('PATCH', path, body);
  }

  /**
   * Watches one object (its collection with a name field selector, from `resourceVersion`) and
   * resolves with the first object `done` accepts, stamped with when its event arrived.
   */
  watchUntil(
    path: string,
    resourceVersion: string,
    done: (o: KubeObject) => boolean,
    timeoutMs = 60_000,
  ): {
    result: Promise<{ object: KubeObject; at: number }>;
    ready: Promise<void>;
  } {
    const slash = path.lastIndexOf('/');
    const collection = path.slice(0, slash);
    const name = path.slice(slash + 1);
    const url = new URL(
      `${collection}?watch=true&allowWatchBookmarks=false&resourceVersion=${resourceVersion}&fieldSelector=${encodeURIComponent(
        `metadata.name=${name}`,
      )}`,
      this.#base,
    );
    let markReady!: () => void;
    const ready = new Promise<void>(r => (markReady = r));
    const result = new Promise<{ object: KubeObject; at: number }>(
      (resolve, reject) => {
        const open: {
          req?: ReturnType<typeof request>;
          timer?: NodeJS.Timeout;
        } = {};
        const finish = (settle: () => void) => {
          clearTimeout(open.timer);
          open.req?.destroy();
          settle();
        };
        const onLine = (line: string, at: number): boolean => {
          if (!line.trim()) return false;
          const event = JSON.parse(line);
          if (event.type === 'ERROR') {
            finish(() => reject(new Error(`watch ${path}: ${line}`)));
            return true;
          }
          if (!done(event.object)) return false;
          finish(() => resolve({ object: event.object, at }));
          return true;
        };
        // a watch gets its own connection: it stays open, the keep-alive pool is for calls
        const req = request(
          url,
          { ...this.#options('GET'), agent: false, ca: this.#ca },
          res => {
            if (res.statusCode !== 200) {
              res.resume();
              finish(() =>
                reject(new Error(`watch ${path}: ${res.statusCode}`)),
              );
              return;
            }
            markReady();
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', chunk => {
              const at = performance.now();
              const lines = (buffer + chunk).split('\n');
              buffer = lines.pop()!;
              for (const line of lines) if (onLine(line, at)) return;
            });
          },
        );
        open.req = req;
        open.timer = setTimeout(
          () => finish(() => reject(new Error(`watch ${path}: timed out`))),
          timeoutMs,
        );
        req.on('error', e => finish(() => reject(e)));
        req.end();
      },
    );
    return { result, ready };
  }

  close(): void {
    this.#agent.destroy();
  }
}

const vaultHeaders = (
  vault: { rootToken: string },
  namespace: string | undefined,
) => ({
  'x-vault-token': vault.rootToken,
  // no header is the root namespace
  ...(namespace ? { 'x-vault-namespace': namespace } : {}),
});

/** One KV v2 write (a new version), as `vault kv put` does. */
export async function writeVault(
  vault: { url: string; rootToken: string },
  namespace: string | undefined,
  mount: string,
  path: string,
  data: Record<string, string>,
): Promise<number> {
  const res = await fetch(`${vault.url}/v1/${mount}/data/${path}`, {
    method: 'POST',
    headers: {
      ...vaultHeaders(vault, namespace),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ data }),
  });
  if (!res.ok)
    throw new Error(`vault write: ${res.status} ${await res.text()}`);
  return (await res.json()).data.version;
}

/** The current version's data, as `vault kv get` shows it (the leak check's list of values). */
export async function readVault(
  vault: { url: string; rootToken: string },
  namespace: string | undefined,
  mount: string,
  path: string,
): Promise<{ version: number; data: Record<string, string> }> {
  const res = await fetch(`${vault.url}/v1/${mount}/data/${path}`, {
    headers: vaultHeaders(vault, namespace),
  });
  if (!res.ok) throw new Error(`vault read: ${res.status} ${await res.text()}`);
  const { data } = await res.json();
  return { version: data.metadata.version, data: data.data };
}

export const dataHash = (secret: KubeObject) =>
  secret.metadata.annotations?.['reconcile.external-secrets.io/data-hash'];

export const pause = (ms: number) => new Promise<void>(r => setTimeout(r, ms));
