/*
 * ESO's Vault provider client (providers/v1/vault at v2.9.0) over real HTTP:
 * NewClient logs in with the store's auth (token from a Secret, AppRole, or Kubernetes
 * service-account JWT), Validate checks the token with auth/token/lookup-self, GetSecret /
 * GetSecretMap read KV v1/v2 (pinned `version`, `property` incl. gjson paths, metadataPolicy
 * Fetch), PushSecret (vaultPush.ts) writes KV, and Close revokes login tokens
 * (no --enable-vault-token-cache), so every reconcile costs the Vault calls a real one does.
 */
import type { SimClock } from '../../clock/SimClock';
import type { ClusterStore } from '../../kube/types';
import { gjsonGet } from '../go/gjson';
import { goByteValue, goJsonMarshal } from '../go/goJson';
import type { RemoteRef, StoreKind, VaultProviderSpec } from '../types';
import {
  readSecretKey,
  requestServiceAccountToken,
  type ServiceAccountTokenIssuer,
} from './kubeCredentials';
import { VaultApiClient, type VaultSecret } from './VaultApiClient';
import { buildDataPath, buildMetadataPath } from './vaultPaths';

/** esv1.NoSecretError */
export class NoSecretError extends Error {
  constructor() {
    super('Secret does not exist');
    this.name = 'NoSecretError';
  }
}

export interface EsoVaultContext {
  store: ClusterStore;
  clock: SimClock;
  issueServiceAccountToken: ServiceAccountTokenIssuer;
  storeKind: StoreKind;
  /** The ExternalSecret's namespace, or the store's own ('' for a ClusterSecretStore being validated). */
  namespace: string;
  spec: VaultProviderSpec;
  maxRetries?: number;
}

function isReferent(spec: VaultProviderSpec): boolean {
  const auth = spec.auth;
  if (!auth) return false;
  if (auth.tokenSecretRef && auth.tokenSecretRef.namespace === undefined)
    return true;
  if (auth.appRole && auth.appRole.secretRef.namespace === undefined)
    return true;
  if (
    auth.kubernetes?.secretRef &&
    auth.kubernetes.secretRef.namespace === undefined
  )
    return true;
  if (
    auth.kubernetes?.serviceAccountRef &&
    auth.kubernetes.serviceAccountRef.namespace === undefined
  )
    return true;
  return false;
}

const SYSTEM_METADATA_KEYS = [
  'created_time',
  'current_version',
  'delete_version_after',
];

export class EsoVaultClient {
  readonly api: VaultApiClient;
  readonly #ctx: EsoVaultContext;
  #tokenFromSecret = false;
  #skipValidation = false;

  private constructor(ctx: EsoVaultContext) {
    this.#ctx = ctx;
    const caBundle = (ctx.spec as { caBundle?: string }).caBundle;
    this.api = new VaultApiClient({
      address: ctx.spec.server,
      clock: ctx.clock,
      namespace: ctx.spec.namespace,
      maxRetries: ctx.maxRetries,
      caPem: caBundle
        ? Buffer.from(caBundle, 'base64').toString('utf8')
        : undefined,
    });
  }

  get spec(): VaultProviderSpec {
    return this.#ctx.spec;
  }

  /** provider.NewClient: builds the client and logs in (errors here mean "unable to create client"). */
  static async create(ctx: EsoVaultContext): Promise<EsoVaultClient> {
    const client = new EsoVaultClient(ctx);
    if (
      ctx.storeKind === 'ClusterSecretStore' &&
      ctx.namespace === '' &&
      isReferent(ctx.spec)
    ) {
      client.#skipValidation = true;
      return client;
    }
    await client.#setAuth();
    return client;
  }

  async #setAuth(): Promise<void> {
    const { spec, store, storeKind, namespace } = this.#ctx;
    const auth = spec.auth;
    if (!auth) return;
    const restore = this.api.namespace;
    if (
      auth.namespace !== undefined &&
      auth.namespace !== (spec.namespace ?? '')
    )
      this.api.namespace = auth.namespace;
    try {
      if (auth.tokenSecretRef) {
        this.api.token = readSecretKey(
          store,
          storeKind,
          namespace,
          auth.tokenSecretRef,
        );
        this.#tokenFromSecret = true;
      } else if (auth.appRole) {
        const role = auth.appRole;
        let roleId = role.roleId?.trim() ?? '';
        if (!roleId && role.roleRef)
          roleId = readSecretKey(store, storeKind, namespace, role.roleRef);
        if (!roleId)
          throw new Error(
            'invalid Auth.AppRole: neither `roleId` nor `roleRef` was supplied',
          );
        const secretId = readSecretKey(
          store,
          storeKind,
          namespace,
          role.secretRef,
        );
        await this.#login(
          `auth/${role.path ?? 'approle'}/login`,
          { role_id: roleId, secret_id: secretId },
          'app role',
        );
      } else if (auth.kubernetes) {
        const k8s = auth.kubernetes;
        let jwt: string;
        if (k8s.serviceAccountRef) {
          jwt = await requestServiceAccountToken(
            store,
            this.#ctx.issueServiceAccountToken,
            storeKind,
            namespace,
            k8s.serviceAccountRef,
          );
        } else if (k8s.secretRef) {
          jwt = readSecretKey(store, storeKind, namespace, {
            ...k8s.secretRef,
            key: k8s.secretRef.key || 'token',
          });
        } else {
          throw new Error(
            'cannot read Kubernetes service account token from file system: stat /var/run/secrets/kubernetes.io/serviceaccount/token: no such file or directory',
          );
        }
        await this.#login(
          `auth/${k8s.mountPath ?? 'kubernetes'}/login`,
          { jwt, role: k8s.role },
          'Kubernetes',
        );
      } else {
        throw new Error(
          'cannot initialize Vault client: no valid auth method specified',
        );
      }
    } finally {
      this.api.namespace = restore;
    }
  }

  async #login(
    path: string,
    body: Record<string, string>,
    method: string,
  ): Promise<void> {
    let secret: VaultSecret | null;
    try {
      secret = await this.api.write(path, body);
    } catch (error) {
      throw new Error(
        `unable to log in to auth method: unable to log in with ${method} auth: ${
          (error as Error).message
        }`,
      );
    }
    const token = secret?.auth?.client_token;
    if (!token)
      throw new Error(
        'response did not return ClientToken, client token not set',
      );
    this.api.token = token;
  }

  /** client.Validate: 'unknown' for referent ClusterSecretStores, else lookup-self must succeed. */
  async validate(): Promise<'ready' | 'unknown'> {
    if (this.#skipValidation) return 'unknown';
    try {
      await this.#checkToken();
    } catch (error) {
      throw new Error(`invalid vault credentials: ${(error as Error).message}`);
    }
    return 'ready';
  }

  async #checkToken(): Promise<VaultSecret> {
    const resp = await this.api.read('auth/token/lookup-self');
    if (!resp) throw new Error('no response nor error for token lookup');
    return resp;
  }

  /** client.readSecret: the KV data at `key` (a path ESO builds; NoSecretError when absent). */
  async readSecret(
    key: string,
    version: string | undefined,
  ): Promise<Record<string, unknown>> {
    const { spec } = this.#ctx;
    const path = buildDataPath(spec, key);
    let secret: VaultSecret | null;
    try {
      secret = await this.api.read(path, version ? { version } : undefined);
    } catch (error) {
      throw new Error(
        `cannot read secret data from Vault: ${(error as Error).message}`,
      );
    }
    if (!secret) throw new NoSecretError();
    let data = secret.data ?? null;
    if ((spec.version ?? 'v2') === 'v2') {
      if (!data || !Object.hasOwn(data, 'data'))
        throw new Error('failed to find data field');
      const inner = (data as Record<string, unknown>).data;
      if (inner === null || inner === undefined) throw new NoSecretError();
      if (typeof inner !== 'object')
        throw new Error('failed to unmarshall JSON');
      data = inner as Record<string, unknown>;
    }
    if (!data) throw new NoSecretError();
    return data;
  }

  /** client.readSecretMetadata: KV v2 system metadata fields and custom_metadata, as strings. */
  async readMetadata(key: string): Promise<Record<string, string>> {
    const path = buildMetadataPath(this.#ctx.spec, key);
    let secret: VaultSecret | null;
    try {
      secret = await this.api.read(path);
    } catch (error) {
      throw new Error(
        `cannot read secret data from Vault: ${(error as Error).message}`,
      );
    }
    if (!secret) throw new Error('secret not found');
    const data = (secret.data ?? {}) as Record<string, unknown>;
    const out: Record<string, string> = {};
    if ((this.#ctx.spec.version ?? 'v2') === 'v2') {
      for (const k of SYSTEM_METADATA_KEYS) {
        if (data[k] !== undefined && data[k] !== null) out[k] = String(data[k]);
      }
    }
    const custom = data.custom_metadata;
    if (custom && typeof custom === 'object') {
      for (const [k, v] of Object.entries(custom))
        out[k] = typeof v === 'string' ? v : String(v);
    }
    return out;
  }

  /** GetSecret: the whole secret as JSON, one property, or a gjson path into it. */
  async getSecret(ref: RemoteRef): Promise<Buffer> {
    let data: Record<string, unknown>;
    if (ref.metadataPolicy === 'Fetch') {
      if (this.#ctx.spec.version === 'v1')
        throw new Error(
          'cannot perform metadata fetch operations with kv version v1',
        );
      const metadata = await this.readMetadata(ref.key);
      if (Object.keys(metadata).length === 0) return Buffer.alloc(0);
      data = metadata;
    } else {
      data = await this.readSecret(ref.key, ref.version);
    }
    return secretValue(data, ref.property);
  }

  /** GetSecretMap (dataFrom.extract): the secret's (or one nested object's) keys as separate values. */
  async getSecretMap(ref: RemoteRef): Promise<Record<string, Buffer>> {
    const raw = await this.getSecret(ref);
    const parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    const out: Record<string, Buffer> = {};
    for (const [k, v] of Object.entries(parsed)) out[k] = goByteValue(v);
    return out;
  }

  /** Close: revoke a login token (lookup-self, then revoke-self), as ESO does without its token cache. */
  async close(): Promise<void> {
    if (this.#tokenFromSecret || !this.api.token || !this.#ctx.spec.auth)
      return;
    try {
      await this.#checkToken();
      await this.api.write('auth/token/revoke-self', {});
    } catch {
      // ESO ignores close errors (mgr.Close result is discarded)
    }
    this.api.token = '';
  }
}

/** getSecretValue (client_get.go): top-level keys win over gjson syntax. */
export function secretValue(
  data: Record<string, unknown>,
  property: string | undefined,
): Buffer {
  if (!property) return Buffer.from(goJsonMarshal(data), 'utf8');
  if (Object.hasOwn(data, property)) return goByteValue(data[property]);
  const value = gjsonGet(JSON.parse(goJsonMarshal(data)), property);
  if (value === undefined)
    throw new Error(
      `cannot find secret data for key: ${JSON.stringify(property)}`,
    );
  return Buffer.from(value, 'utf8');
}
