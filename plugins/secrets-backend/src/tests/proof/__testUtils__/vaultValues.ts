/*
 * Every value fleet-sim's Vault holds, read the way an operator with the root token would: over
 * its HTTP API, through every namespace, every KV mount (v1 and v2), every path and every version
 * still readable. Nothing here trusts the simulator's in-process engine, so a value the plugin
 * wrote (a rotation, a rollback, a canary probe) is found like one a scenario seeded.
 */
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';

export interface VaultValue {
  value: string;
  /** `namespace|mount|path@version#field`, for a report that never prints the value. */
  origin: string;
}

export interface VaultAccess {
  url: string;
  token: string;
  caCertPem?: string;
}

type Json = Record<string, any>;

function vaultGet(
  vault: VaultAccess,
  path: string,
  namespace: string,
): Promise<{ status: number; body: Json | undefined }> {
  const url = new URL(`/v1/${path}`, vault.url);
  const send = url.protocol === 'https:' ? request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        ca: vault.caCertPem,
        headers: {
          'X-Vault-Token': vault.token,
          ...(namespace ? { 'X-Vault-Namespace': namespace } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Json) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function list(
  vault: VaultAccess,
  path: string,
  namespace: string,
): Promise<string[]> {
  const res = await vaultGet(vault, `${path}?list=true`, namespace);
  return res.status === 200 ? (res.body?.data?.keys as string[]) ?? [] : [];
}

/** Leaves of a secret's data: strings and numbers, nested objects walked, named by their path. */
function leaves(data: unknown, at: string, out: Array<[string, string]>) {
  if (data === null || data === undefined) return;
  if (typeof data === 'object') {
    for (const [k, v] of Object.entries(data as Json))
      leaves(v, at ? `${at}.${k}` : k, out);
    return;
  }
  out.push([at, String(data)]);
}

async function namespacesOf(
  vault: VaultAccess,
  parent: string,
): Promise<string[]> {
  const children = await list(vault, 'sys/namespaces', parent);
  const all = [parent];
  for (const child of children) {
    const name = `${parent ? `${parent}/` : ''}${child.replace(/\/$/, '')}`;
    all.push(...(await namespacesOf(vault, name)));
  }
  return all;
}

async function walkKeys(
  vault: VaultAccess,
  listPrefix: string,
  namespace: string,
  folder = '',
): Promise<string[]> {
  const keys: string[] = [];
  for (const key of await list(vault, `${listPrefix}${folder}`, namespace)) {
    if (key.endsWith('/'))
      keys.push(
        ...(await walkKeys(vault, listPrefix, namespace, folder + key)),
      );
    else keys.push(folder + key);
  }
  return keys;
}

/** Reads every KV value of every namespace as `vault.token` (the root token) sees it. */
export async function collectVaultValues(
  vault: VaultAccess,
): Promise<VaultValue[]> {
  const values: VaultValue[] = [];
  const push = (data: unknown, origin: string) => {
    const out: Array<[string, string]> = [];
    leaves(data, '', out);
    for (const [field, value] of out)
      values.push({ value, origin: `${origin}#${field}` });
  };
  for (const namespace of await namespacesOf(vault, '')) {
    const mounts = await vaultGet(vault, 'sys/mounts', namespace);
    for (const [mount, info] of Object.entries(
      (mounts.body?.data ?? {}) as Json,
    )) {
      if (info.type !== 'kv') continue;
      const base = mount.replace(/\/$/, '');
      if (String(info.options?.version) === '2') {
        for (const key of await walkKeys(
          vault,
          `${base}/metadata/`,
          namespace,
        )) {
          const meta = await vaultGet(
            vault,
            `${base}/metadata/${key}`,
            namespace,
          );
          for (const version of Object.keys(meta.body?.data?.versions ?? {})) {
            const res = await vaultGet(
              vault,
              `${base}/data/${key}?version=${version}`,
              namespace,
            );
            push(
              res.body?.data?.data,
              `${namespace}|${base}|${key}@${version}`,
            );
          }
        }
      } else {
        for (const key of await walkKeys(vault, `${base}/`, namespace)) {
          const res = await vaultGet(vault, `${base}/${key}`, namespace);
          push(res.body?.data, `${namespace}|${base}|${key}`);
        }
      }
    }
  }
  return values;
}
