// The running demo's fleet, reached the way an operator would: fleet-sim's admin API (faults),
// each cluster's Kubernetes API (with the plugin's own service-account token from the app-config
// fragment fleet-sim wrote) and Vault's HTTP API (root token, for the leak scan's inventory).
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { repoRoot } from '../demoProcess.mjs';

// fleet-sim's own YAML library: the root declares no YAML parser of its own
const { parse: parseYaml } = createRequire(
  `${repoRoot}/packages/fleet-sim/package.json`,
)('yaml');

export function readFleet(demoDir) {
  const log = readFileSync(`${demoDir}/fleet-sim.log`, 'utf8');
  const admin = /admin API\s+(\S+)\s+Authorization: Bearer (\S+)/.exec(log);
  const vault = /vault\s+(\S+)\s+root token (\S+)/.exec(log);
  if (!admin || !vault)
    throw new Error(`no admin API / Vault in ${demoDir}/fleet-sim.log`);
  const config = parseYaml(
    readFileSync(`${demoDir}/app-config.fleet.yaml`, 'utf8'),
  );
  return {
    admin: { url: admin[1], token: admin[2] },
    vault: { url: vault[1], rootToken: vault[2] },
    pluginVaultToken: config.secrets.vault[0].auth.token,
    clusters: config.secrets.clusters.map(c => ({
      name: c.name,
      url: c.url,
      token: c.serviceAccountToken,
      ca: c.caData
        ? Buffer.from(c.caData, 'base64').toString('utf8')
        : undefined,
    })),
  };
}

export async function adminPost(fleet, path, body = {}) {
  const res = await fetch(`${fleet.admin.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${fleet.admin.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${json.error}`);
  return json;
}

function kubeGet(cluster, path, accept = 'application/json') {
  return new Promise((ok, fail) => {
    const url = new URL(path, cluster.url);
    const req = httpsRequest(
      url,
      {
        ca: cluster.ca,
        headers: { authorization: `Bearer ${cluster.token}`, accept },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => (text += c));
        res.on('end', () =>
          res.statusCode === 200
            ? ok(JSON.parse(text))
            : fail(
                new Error(
                  `${cluster.name} GET ${path}: ${res.statusCode} ${text.slice(
                    0,
                    300,
                  )}`,
                ),
              ),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** ExternalSecrets of a cluster at whichever version its ESO serves (prod-us: v1beta1 only). */
async function externalSecrets(cluster) {
  for (const version of ['v1', 'v1beta1']) {
    try {
      return (
        await kubeGet(
          cluster,
          `/apis/external-secrets.io/${version}/externalsecrets`,
        )
      ).items;
    } catch (error) {
      if (!/: 404 /.test(error.message)) throw error;
    }
  }
  return [];
}

const readsKey = (es, key) =>
  (es.spec.data ?? []).some(d => d.remoteRef?.key === key) ||
  (es.spec.dataFrom ?? []).some(d => d.extract?.key === key);

/**
 * `reconcile.external-secrets.io/data-hash` of the target Secret of every ExternalSecret that
 * reads Vault key `key`, per cluster: "cluster ns/secret" -> hash. Secrets are listed as
 * metadata only (the plugin's RBAC has no `get` on Secrets, and values are never needed here).
 */
export async function targetDataHashes(fleet, key) {
  const hashes = {};
  for (const cluster of fleet.clusters) {
    for (const es of (await externalSecrets(cluster)).filter(e =>
      readsKey(e, key),
    )) {
      const ns = es.metadata.namespace;
      const name = es.spec.target?.name ?? es.metadata.name;
      const list = await kubeGet(
        cluster,
        `/api/v1/namespaces/${ns}/secrets?includeObject=Metadata&fieldSelector=metadata.name%3D${encodeURIComponent(
          name,
        )}`,
        // as kubectl asks: a Table whose rows carry only the metadata
        'application/json;as=Table;v=v1;g=meta.k8s.io',
      );
      const secret = list.rows[0]?.object;
      hashes[`${cluster.name} ${ns}/${name}`] =
        secret?.metadata.annotations?.[
          'reconcile.external-secrets.io/data-hash'
        ] ?? '(none)';
    }
  }
  return hashes;
}

/** The current KV v2 version of a team-payments key, as Vault's metadata says (root token). */
export async function vaultCurrentVersion(
  fleet,
  key,
  namespace = 'team-payments',
) {
  const res = await fetch(`${fleet.vault.url}/v1/secret/metadata/${key}`, {
    headers: {
      'x-vault-token': fleet.vault.rootToken,
      'x-vault-namespace': namespace,
    },
  });
  if (!res.ok) throw new Error(`Vault metadata of ${key}: ${res.status}`);
  return (await res.json()).data.current_version;
}
