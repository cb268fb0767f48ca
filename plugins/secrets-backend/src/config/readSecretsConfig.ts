import type { Config } from '@backstage/config';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import { normaliseVaultUrl } from '../vault/vaultUrl';
import type {
  ClusterConfig,
  SecretsConfig,
  VaultAuthConfig,
  VaultServerConfig,
} from './types';

const DEFAULT_SA_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Reads the `secrets` section (and the Kubernetes plugin's config-located clusters) once at
 * startup. Invalid config throws, naming the offending key, so the backend fails to start rather
 * than failing later per request.
 */
export function readSecretsConfig(root: Config): SecretsConfig {
  const section = root.getOptionalConfig('secrets');

  const clusters = (section?.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => readCluster(c, `secrets.clusters[${i}]`, 'secrets.clusters'),
  );
  if (section?.getOptionalBoolean('includeKubernetesPluginClusters') ?? true) {
    const names = new Set(clusters.map(c => c.name));
    for (const cluster of readKubernetesPluginClusters(root)) {
      if (!names.has(cluster.name)) clusters.push(cluster);
    }
  }
  assertUnique(
    clusters.map(c => c.name),
    'secrets.clusters',
    'cluster name',
  );

  const vault = (section?.getOptionalConfigArray('vault') ?? []).map((v, i) =>
    readVaultServer(v, `secrets.vault[${i}]`),
  );
  assertUnique(
    vault.map(v => v.name),
    'secrets.vault',
    'Vault server name',
  );
  assertUnique(
    vault.map(v => v.url),
    'secrets.vault',
    'Vault server url',
  );

  const cache = section?.getOptionalConfig('cache');
  const revalidate = section?.getOptionalConfig('revalidate');
  return {
    revalidate: {
      watchForMs: readDuration(
        revalidate,
        'watchFor',
        'secrets.revalidate',
        10_000,
      ),
    },
    clusters,
    vault,
    cache: {
      maxBackoffMs: readDuration(cache, 'maxBackoff', 'secrets.cache', 30_000),
      discoveryIntervalMs: readDuration(
        cache,
        'discoveryInterval',
        'secrets.cache',
        300_000,
      ),
      staleMarginMs: readDuration(
        cache,
        'staleMargin',
        'secrets.cache',
        300_000,
      ),
    },
  };
}

function readKubernetesPluginClusters(root: Config): ClusterConfig[] {
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods.flatMap((method, m) => {
    if (method.getString('type') !== 'config') return [];
    return (method.getOptionalConfigArray('clusters') ?? []).flatMap((c, i) => {
      const key = `kubernetes.clusterLocatorMethods[${m}].clusters[${i}]`;
      const provider = c.getOptionalString('authProvider') ?? 'serviceAccount';
      // Only server-side credentials can feed a background watch; user-token providers (oidc,
      // google, aks) cannot, so such clusters are left to the Kubernetes plugin.
      if (provider !== 'serviceAccount') return [];
      return [
        {
          name: c.getString('name'),
          title: c.getOptionalString('title'),
          url: readUrl(c, 'url', key),
          auth: {
            type: 'serviceAccount' as const,
            token: c.getOptionalString('serviceAccountToken'),
          },
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          dashboardUrl: c.getOptionalString('dashboardUrl'),
          source: 'kubernetes.clusterLocatorMethods' as const,
        },
      ];
    });
  });
}

function readCluster(
  c: Config,
  key: string,
  source: ClusterConfig['source'],
): ClusterConfig {
  const name = c.getString('name');
  if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(name)) {
    throw new Error(
      `Invalid config at ${key}.name: '${name}' must be letters, digits, '-', '_' or '.'`,
    );
  }
  const provider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  let auth: ClusterConfig['auth'];
  if (provider === 'serviceAccount') {
    auth = {
      type: 'serviceAccount',
      token: c.getOptionalString('serviceAccountToken'),
      tokenFile: c.getOptionalString('serviceAccountTokenFile'),
    };
  } else if (provider === 'kubeconfig') {
    auth = {
      type: 'kubeconfig',
      path: c.getOptionalString('kubeconfigPath'),
      context: c.getOptionalString('kubeconfigContext'),
    };
  } else {
    throw new Error(
      `Invalid config at ${key}.authProvider: '${provider}' is not one of serviceAccount, kubeconfig`,
    );
  }
  const caData = c.getOptionalString('caData');
  const caFile = c.getOptionalString('caFile');
  if (caData && caFile) {
    throw new Error(`Invalid config at ${key}: set caData or caFile, not both`);
  }
  return {
    name,
    title: c.getOptionalString('title'),
    url: readUrl(c, 'url', key),
    environment: c.getOptionalString('environment'),
    dashboardUrl: c.getOptionalString('dashboardUrl'),
    auth,
    caData,
    caFile,
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    source,
  };
}

function readVaultServer(v: Config, key: string): VaultServerConfig {
  const url = normaliseVaultUrl(readUrl(v, 'url', key));
  const backendUrl = v.has('backendUrl')
    ? normaliseVaultUrl(readUrl(v, 'backendUrl', key))
    : url;
  return {
    name: v.getString('name'),
    url,
    backendUrl,
    caData: v.getOptionalString('caData'),
    skipTLSVerify: v.getOptionalBoolean('skipTLSVerify') ?? false,
    auth: readVaultAuth(v.getConfig('auth'), `${key}.auth`),
    namespaces: (v.getOptionalConfigArray('namespaces') ?? []).map((n, i) => ({
      namespace: n.getString('namespace'),
      auth: readVaultAuth(n.getConfig('auth'), `${key}.namespaces[${i}].auth`),
    })),
    healthCheckIntervalMs: positiveDuration(
      readDuration(v, 'healthCheckInterval', key, 30_000),
      `${key}.healthCheckInterval`,
    ),
  };
}

function readVaultAuth(a: Config, key: string): VaultAuthConfig {
  const type = a.getString('type');
  switch (type) {
    case 'token':
      return { type, token: a.getString('token') };
    case 'approle':
      return {
        type,
        mountPath: a.getOptionalString('mountPath') ?? 'approle',
        roleId: a.getString('roleId'),
        secretId: a.getString('secretId'),
      };
    case 'kubernetes':
      return {
        type,
        mountPath: a.getOptionalString('mountPath') ?? 'kubernetes',
        role: a.getString('role'),
        serviceAccountTokenFile:
          a.getOptionalString('serviceAccountTokenFile') ??
          DEFAULT_SA_TOKEN_FILE,
      };
    default:
      throw new Error(
        `Invalid config at ${key}.type: '${type}' is not one of token, approle, kubernetes`,
      );
  }
}

function readUrl(c: Config, field: string, key: string): string {
  const value = c.getString(field);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `Invalid config at ${key}.${field}: '${value}' is not a URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `Invalid config at ${key}.${field}: '${value}' must be an http(s) URL`,
    );
  }
  return value.replace(/\/+$/, '');
}

function readDuration(
  c: Config | undefined,
  field: string,
  key: string,
  fallbackMs: number,
): number {
  if (!c?.has(field)) return fallbackMs;
  const value = c.get(field);
  if (typeof value === 'string') {
    const ms = parseShortDuration(value);
    if (ms === undefined) {
      throw new Error(
        `Invalid config at ${key}.${field}: '${value}' is not a duration like 30s, 5m or 1h`,
      );
    }
    return ms;
  }
  try {
    return durationToMilliseconds(c.getConfig(field).get() as HumanDuration);
  } catch (e) {
    throw new Error(
      `Invalid config at ${key}.${field}: ${(e as Error).message}`,
    );
  }
}

function positiveDuration(ms: number, key: string): number {
  if (!(ms > 0))
    throw new Error(`Invalid config at ${key}: must be longer than 0`);
  return ms;
}

function parseShortDuration(value: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms'];
  return n * unit;
}

function assertUnique(values: string[], key: string, what: string) {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v))
      throw new Error(`Invalid config at ${key}: duplicate ${what} '${v}'`);
    seen.add(v);
  }
}
