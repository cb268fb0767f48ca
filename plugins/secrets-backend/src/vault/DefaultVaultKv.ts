import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { VaultServerConfig } from '../config/types';
import { describeSecret, kvApiPaths, normaliseNamespace } from './kvPaths';
import {
  capabilitiesOf,
  parseKv1Version,
  parseKv2Version,
  parseMetadata,
  parseWrite,
} from './kvResponses';
import type {
  KvCapabilities,
  KvMetadata,
  KvSecretVersion,
  KvWriteResult,
  VaultKv,
  VaultSecretRef,
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
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The backend's only client of Vault: KV v1/v2 over node-vault, per configured server. */
export class DefaultVaultKv implements VaultKv {
  static fromConfig(
    config: { vault: VaultServerConfig[] },
    options: DefaultVaultKvOptions,
  ): DefaultVaultKv {
    return new DefaultVaultKv(config.vault, options);
  }

  readonly #transports = new Map<string, VaultTransport>();
  readonly #tokens = new Map<string, VaultTokenSource>();
  readonly #timeoutMs: number;

  private constructor(
    private readonly servers: VaultServerConfig[],
    private readonly options: DefaultVaultKvOptions,
  ) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
    const body = await this.#call(
      secret,
      `writing (check-and-set ${options.cas})`,
      (t, token) =>
        t.write(paths.data, { data, options: { cas: options.cas } }, token),
    );
    return parseWrite(body);
  }

  async checkCapabilities(secret: VaultSecretRef): Promise<KvCapabilities> {
    const paths = kvApiPaths(secret);
    const asked = [
      paths.aclData,
      ...(paths.aclMetadata ? [paths.aclMetadata] : []),
    ];
    const body = await this.#call(
      secret,
      'checking capabilities on',
      (t, token) => t.write('sys/capabilities-self', { paths: asked }, token),
    );
    const data = capabilitiesOf(body, paths.aclData);
    const metadata = paths.aclMetadata
      ? capabilitiesOf(body, paths.aclMetadata)
      : [];
    const has = (list: string[], capability: string) =>
      list.includes(capability) || list.includes('root');
    return {
      dataPath: paths.aclData,
      metadataPath: paths.aclMetadata,
      data,
      metadata,
      canRead: has(data, 'read'),
      canUpdate: has(data, 'update'),
      canReadMetadata: paths.aclMetadata ? has(metadata, 'read') : false,
    };
  }

  /** One call with the right client and token; a refused login token is replaced once. */
  async #call<T>(
    secret: VaultSecretRef,
    verb: string,
    send: (transport: VaultTransport, token: string) => Promise<T>,
  ): Promise<T> {
    const server = findVaultServer(this.servers, secret.server);
    const namespace = normaliseNamespace(secret.namespace);
    const operation = `Vault server ${server.name}: ${verb} ${describeSecret(
      secret,
    )}`;
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
      transport = createVaultTransport(server, namespace, this.#timeoutMs);
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
