import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { VaultServerConfig } from '../config/types';
import {
  describeSecret,
  encodeVaultPath,
  kvApiPaths,
  normaliseNamespace,
} from './kvPaths';
import {
  capabilitiesOf,
  parseKv1Version,
  parseKv2Version,
  parseMetadata,
  parseSubkeys,
  parseWrite,
} from './kvResponses';
import type {
  KvCapabilities,
  KvMetadata,
  KvSecretVersion,
  KvWriteResult,
  VaultKv,
  VaultSecretRef,
  VaultServerRef,
} from './types';
import { toBackstageError, vaultStatusOf } from './vaultErrors';
import { credentialsFor, findVaultServer } from './vaultServers';
import { VaultTokenSource } from './VaultTokenSource';
import { createVaultTransport, type VaultTransport } from './vaultTransport';

export interface DefaultVaultKvOptions {
  logger: LoggerService;
  /** Per HTTP call to Vault. Defaults to 10 seconds. */
  timeoutMs?: number;
  /** For login token lifetimes. */
  now?: () => number;
  /** The raw calls per server and namespace; node-vault unless a test stands in for Vault. */
  createTransport?: typeof createVaultTransport;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The backend's only client of Vault: KV v1/v2 and password policies over node-vault, per configured server. */
export class DefaultVaultKv implements VaultKv {
  static fromConfig(
    config: { vault: VaultServerConfig[] },
    options: DefaultVaultKvOptions,
  ): DefaultVaultKv {
    return new DefaultVaultKv(config.vault, options);
  }

  readonly #writeListeners = new Set<(secret: VaultSecretRef) => void>();
  readonly #transports = new Map<string, VaultTransport>();
  readonly #tokens = new Map<string, VaultTokenSource>();
  readonly #timeoutMs: number;

  private constructor(
    private readonly servers: VaultServerConfig[],
    private readonly options: DefaultVaultKvOptions,
  ) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Called after every write to a secret, whether it succeeded or not (a write that failed on
   * the way back may still have landed): caches of what Vault holds drop the key.
   */
  onWrite(listener: (secret: VaultSecretRef) => void): void {
    this.#writeListeners.add(listener);
  }

  #written<T>(secret: VaultSecretRef, write: Promise<T>): Promise<T> {
    return write.finally(() => {
      for (const listener of this.#writeListeners) listener(secret);
    });
  }

  async readMetadata(secret: VaultSecretRef): Promise<KvMetadata> {
    requireKv2(secret, 'has no versions or metadata');
    const paths = kvApiPaths(secret);
    const body = await this.#call(secret, 'reading metadata of', (t, token) =>
      t.read(paths.metadata!, token),
    );
    return parseMetadata(body);
  }

  async readVersion(
    secret: VaultSecretRef,
    version?: number,
  ): Promise<KvSecretVersion> {
    const paths = kvApiPaths(secret);
    if (secret.kvVersion === 'v1') {
      if (version !== undefined)
        requireKv2(secret, `has no versions (asked for version ${version})`);
      const body = await this.#call(secret, 'reading', (t, token) =>
        t.read(paths.data, token),
      );
      return parseKv1Version(body);
    }
    if (version !== undefined && !(Number.isInteger(version) && version > 0))
      throw new InputError(`Invalid Vault KV version ${version}`);
    const query = version === undefined ? '' : `?version=${version}`;
    const body = await this.#call(
      secret,
      `reading${version === undefined ? '' : ` version ${version} of`}`,
      (t, token) => t.read(`${paths.data}${query}`, token),
    );
    return parseKv2Version(body);
  }

  async writeVersion(
    secret: VaultSecretRef,
    data: Record<string, unknown>,
    options: { cas: number },
  ): Promise<KvWriteResult> {
    requireKv2(
      secret,
      'has no check-and-set: a write could silently overwrite a concurrent change',
    );
    if (!(Number.isInteger(options.cas) && options.cas >= 0))
      throw new InputError(`Invalid check-and-set version ${options.cas}`);
    const paths = kvApiPaths(secret);
    const body = await this.#written(
      secret,
      this.#call(secret, `writing (check-and-set ${options.cas})`, (t, token) =>
        t.write(paths.data, { data, options: { cas: options.cas } }, token),
      ),
    );
    return parseWrite(body);
  }

  async patchVersion(
    secret: VaultSecretRef,
    data: Record<string, string>,
    options: { cas: number },
  ): Promise<KvWriteResult> {
    requireKv2(secret, 'has no PATCH and no check-and-set');
    // PATCH only changes an existing key: cas 0 ("must not exist") can never match
    if (!(Number.isInteger(options.cas) && options.cas > 0))
      throw new InputError(
        `Invalid check-and-set version ${options.cas} for a patch`,
      );
    const paths = kvApiPaths(secret);
    const verb = `patching (check-and-set ${options.cas})`;
    const body = await this.#written(
      secret,
      this.#call(secret, verb, (t, token) =>
        t
          .patch(paths.data, { data, options: { cas: options.cas } }, token)
          .catch(error => {
            // a Vault before 1.9 has no KV PATCH: a refusal the caller can work around
            if (vaultStatusOf(error) === 405)
              throw new NotAllowedError(
                `${this.#operation(
                  secret,
                  verb,
                )}: Vault does not support PATCH here (405)`,
              );
            throw error;
          }),
      ),
    );
    return parseWrite(body);
  }

  async overwriteUnversioned(
    secret: VaultSecretRef,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (secret.kvVersion !== 'v1')
      throw new InputError(
        `Vault secret ${describeSecret(
          secret,
        )} is on a KV v2 mount: write a version with check-and-set instead`,
      );
    const paths = kvApiPaths(secret);
    await this.#written(
      secret,
      this.#call(secret, 'overwriting', (t, token) =>
        t.write(paths.data, data, token),
      ),
    );
  }

  async readSubkeys(secret: VaultSecretRef): Promise<string[]> {
    const paths = kvApiPaths(secret);
    if (secret.kvVersion === 'v1') {
      // KV v1 has no subkeys endpoint: the values are read but never leave this function
      const body = await this.#call(
        secret,
        'reading key names of',
        (t, token) => t.read(paths.data, token),
      );
      return Object.keys(parseKv1Version(body).data);
    }
    const body = await this.#call(secret, 'reading key names of', (t, token) =>
      t.read(`${paths.subkeys}?depth=1`, token),
    );
    return parseSubkeys(body);
  }

  async writeCustomMetadata(
    secret: VaultSecretRef,
    custom: Record<string, string>,
  ): Promise<void> {
    requireKv2(secret, 'has no metadata');
    // the key's updated_time changes
    await this.#written(secret, this.#writeCustomMetadata(secret, custom));
  }

  async #writeCustomMetadata(
    secret: VaultSecretRef,
    custom: Record<string, string>,
  ): Promise<void> {
    const paths = kvApiPaths(secret);
    const patched = await this.#call(
      secret,
      'patching custom metadata of',
      (t, token) =>
        t
          .patch(paths.metadata!, { custom_metadata: custom }, token)
          .then(() => true)
          .catch(error => {
            if (vaultStatusOf(error) === 405) return false;
            throw error;
          }),
    );
    if (patched) return;
    // a Vault before 1.9: POST replaces custom_metadata, so merge what is there; a key another
    // writer sets between the read and the write is lost (metadata has no check-and-set)
    const { customMetadata } = await this.readMetadata(secret);
    await this.#call(secret, 'writing custom metadata of', (t, token) =>
      t.write(
        paths.metadata!,
        { custom_metadata: { ...customMetadata, ...custom } },
        token,
      ),
    );
  }

  async generatePassword(
    server: VaultServerRef,
    policy: string,
  ): Promise<string> {
    if (!policy || policy.includes('/'))
      throw new InputError(`Invalid Vault password policy name '${policy}'`);
    const path = `sys/policies/password/${encodeVaultPath(
      policy,
      'password policy',
    )}/generate`;
    const body = await this.#call(
      server,
      `generating a password from policy ${policy}`,
      (t, token) => t.read(path, token),
    );
    const password = body?.data?.password;
    if (typeof password !== 'string' || !password)
      throw new ServiceUnavailableError(
        `Vault server ${
          findVaultServer(this.servers, server.server).name
        }: password policy ${policy} answered without a password`,
      );
    return password;
  }

  async checkCapabilities(secret: VaultSecretRef): Promise<KvCapabilities> {
    const paths = kvApiPaths(secret);
    const asked = [
      paths.aclData,
      ...(paths.aclMetadata ? [paths.aclMetadata] : []),
      ...(paths.aclSubkeys ? [paths.aclSubkeys] : []),
    ];
    const body = await this.#call(
      secret,
      'checking capabilities on',
      (t, token) => t.write('sys/capabilities-self', { paths: asked }, token),
    );
    const of = (path: string | undefined) =>
      path ? capabilitiesOf(body, path) : [];
    const data = of(paths.aclData);
    const metadata = of(paths.aclMetadata);
    const subkeys = of(paths.aclSubkeys);
    const has = (list: string[], capability: string) =>
      list.includes(capability) || list.includes('root');
    return {
      dataPath: paths.aclData,
      metadataPath: paths.aclMetadata,
      subkeysPath: paths.aclSubkeys,
      data,
      metadata,
      subkeys,
      canRead: has(data, 'read'),
      canUpdate: has(data, 'update'),
      canPatch: secret.kvVersion !== 'v1' && has(data, 'patch'),
      canReadMetadata: has(metadata, 'read'),
      canPatchMetadata: has(metadata, 'patch'),
      // KV v1 names keys only by reading the secret
      canReadSubkeys: paths.aclSubkeys
        ? has(subkeys, 'read')
        : has(data, 'read'),
    };
  }

  #operation(target: VaultServerRef, verb: string, what?: string): string {
    const server = findVaultServer(this.servers, target.server);
    return `Vault server ${server.name}: ${verb}${what ? ` ${what}` : ''}`;
  }

  /** One call with the right client and token; a refused login token is replaced once. */
  async #call<T>(
    target: VaultSecretRef | VaultServerRef,
    verb: string,
    send: (transport: VaultTransport, token: string) => Promise<T>,
  ): Promise<T> {
    const server = findVaultServer(this.servers, target.server);
    const namespace = normaliseNamespace(target.namespace);
    const operation =
      'mount' in target
        ? this.#operation(target, verb, describeSecret(target))
        : this.#operation(
            target,
            verb,
            namespace ? `in namespace ${namespace}` : undefined,
          );
    const transport = this.#transport(server, namespace);
    const tokens = this.#tokenSource(server, namespace);
    const token = await tokens.token();
    try {
      return await send(transport, token);
    } catch (error) {
      if (!(tokens.renewable && vaultStatusOf(error) === 403))
        throw toBackstageError(error, operation);
      tokens.invalidate(token);
      this.options.logger.info(
        `Vault server ${server.name} refused the plugin's login token${
          namespace ? ` in namespace ${namespace}` : ''
        }; logging in again`,
      );
    }
    try {
      return await send(transport, await tokens.token());
    } catch (error) {
      throw toBackstageError(error, operation);
    }
  }

  #transport(server: VaultServerConfig, namespace: string): VaultTransport {
    const key = `${server.name}\n${namespace}`;
    let transport = this.#transports.get(key);
    if (!transport) {
      transport = (this.options.createTransport ?? createVaultTransport)(
        server,
        namespace,
        this.#timeoutMs,
      );
      this.#transports.set(key, transport);
    }
    return transport;
  }

  #tokenSource(server: VaultServerConfig, namespace: string): VaultTokenSource {
    const credentials = credentialsFor(server, namespace);
    const key = `${server.name}\n${credentials.namespace}`;
    let source = this.#tokens.get(key);
    if (!source) {
      source = new VaultTokenSource(
        credentials,
        this.#transport(server, credentials.namespace),
        server.name,
        this.options.now,
      );
      this.#tokens.set(key, source);
    }
    return source;
  }
}

function requireKv2(secret: VaultSecretRef, what: string): void {
  if (secret.kvVersion === 'v1')
    throw new InputError(
      `Vault secret ${describeSecret(
        secret,
      )} is on a KV v1 mount, which ${what}; rotation needs KV v2`,
    );
}
