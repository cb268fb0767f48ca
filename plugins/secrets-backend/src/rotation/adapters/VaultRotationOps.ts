import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  PlanPermissionCheck,
  RotationPlan,
} from '@secrets-plugin/plugin-secrets-common';
import type { VaultServerConfig } from '../../config/types';
import { kvApiPaths, normaliseNamespace } from '../../vault/kvPaths';
import type {
  KvCapabilities,
  KvMetadata,
  VaultKv,
  VaultSecretRef,
} from '../../vault';
import {
  VaultWriteNotApplied,
  type KeyVersionState,
  type RotationVault,
} from '../engine/ports';
import type {
  PlannedKey,
  PlannerVault,
  VaultKeyDescription,
} from '../plan/DefaultRotationPlanner';
import type { PasswordPolicyGenerator } from '../rotators/VaultPasswordPolicyRotator';
import {
  provesNotApplied,
  retryableRead,
  retryableWrite,
  withVaultRetry,
  type RetryOptions,
} from './vaultRetry';

/** custom_metadata keys of the announcement: which rotation will write which version. */
export const ROTATION_ID_METADATA = 'secrets.backstage.io/rotation-id';
export const ROTATION_VERSION_METADATA =
  'secrets.backstage.io/rotation-version';

export type VersionState = 'available' | 'deleted' | 'destroyed' | 'pruned';

/** How Vault holds `version` of a key; undefined when the key never had it. */
export function versionStateOf(
  metadata: Pick<KvMetadata, 'currentVersion' | 'versions'>,
  version: number,
  now: number,
): VersionState | undefined {
  const info = metadata.versions.find(v => v.version === version);
  if (!info)
    return version >= 1 && version <= metadata.currentVersion
      ? 'pruned'
      : undefined;
  if (info.destroyed) return 'destroyed';
  // delete_version_after sets a deletion time ahead: the version is readable until then
  if (info.deletionTime && Date.parse(info.deletionTime) <= now)
    return 'deleted';
  return 'available';
}

/** The action of a Vault right as plans show it: capability and ACL path. */
function vaultAction(
  capability: string,
  aclPath: string,
  namespace: string | undefined,
): string {
  const ns = normaliseNamespace(namespace);
  return `${capability} ${aclPath}${ns ? ` in namespace ${ns}` : ''}`;
}

function noCapabilities(secret: VaultSecretRef): KvCapabilities {
  const paths = kvApiPaths(secret);
  const none = (path?: string) => (path ? ['deny'] : []);
  return {
    dataPath: paths.aclData,
    metadataPath: paths.aclMetadata,
    subkeysPath: paths.aclSubkeys,
    data: ['deny'],
    metadata: none(paths.aclMetadata),
    subkeys: none(paths.aclSubkeys),
    canRead: false,
    canUpdate: false,
    canPatch: false,
    canReadMetadata: false,
    canPatchMetadata: false,
    canReadSubkeys: false,
  };
}

export interface VaultRotationOpsOptions {
  logger?: LoggerService;
  /** For deletion times set ahead by delete_version_after. */
  now?: () => number;
  /** Backoff for the Vault answers that may be retried (412, 429; 5xx on reads). */
  retry?: Omit<RetryOptions, 'signal'>;
}

/**
 * Rotation's view of Vault, on top of the one Vault client: the planner's description of a key
 * (metadata, key names and the plugin's rights), the runner's announce / write / rollback /
 * versions, and password-policy generation for the rotator. Values read here (carry-over in a
 * read-modify-write, the data of a rollback) stay inside one call and are never returned.
 */
export class VaultRotationOps
  implements RotationVault, PasswordPolicyGenerator, PlannerVault
{
  readonly #now: () => number;

  constructor(
    private readonly kv: VaultKv,
    private readonly servers: ReadonlyArray<
      Pick<VaultServerConfig, 'name' | 'url'>
    >,
    private readonly options: VaultRotationOpsOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
  }

  #read<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withVaultRetry(call, retryableRead, {
      ...this.options.retry,
      signal,
    });
  }

  /** A write retried only on answers that prove it did nothing; such a final answer says so. */
  async #write<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withVaultRetry(call, retryableWrite, {
        ...this.options.retry,
        signal,
      });
    } catch (error) {
      if (provesNotApplied(error))
        throw new VaultWriteNotApplied((error as Error).message);
      throw error;
    }
  }

  async describe(
    key: PlannedKey,
    rollbackTo?: number,
  ): Promise<VaultKeyDescription> {
    const secret = this.#secret(key);
    const caps = await this.#read(() =>
      this.kv.checkCapabilities(secret),
    ).catch(error => {
      // no capabilities-self in that namespace: nothing is granted there either
      if (error instanceof NotAllowedError) return noCapabilities(secret);
      throw error;
    });
    const permissions = this.#permissions(key, caps, rollbackTo !== undefined);
    const [metadata, keyNames] = await Promise.all([
      key.kvVersion === 'v2' && caps.canReadMetadata
        ? this.#read(() => this.kv.readMetadata(secret))
        : undefined,
      // a rollback writes back an old version whole: it needs no key names
      rollbackTo === undefined && caps.canReadSubkeys
        ? this.#read(() => this.kv.readSubkeys(secret))
        : [],
    ]);
    const current = metadata?.versions.find(
      v => v.version === metadata.currentVersion,
    );
    return {
      currentVersion: metadata?.currentVersion,
      currentVersionCreatedAt: current?.createdTime,
      maxVersions: metadata?.maxVersions,
      keyNames,
      rollbackState:
        metadata && rollbackTo !== undefined
          ? versionStateOf(metadata, rollbackTo, this.#now())
          : undefined,
      permissions,
    };
  }

  async announce(plan: RotationPlan, rotationId: string): Promise<void> {
    const cas = this.#plannedVersion(plan);
    await this.#write(() =>
      this.kv.writeCustomMetadata(this.#secret(plan.vault), {
        [ROTATION_ID_METADATA]: rotationId,
        [ROTATION_VERSION_METADATA]: String(cas + 1),
      }),
    );
  }

  async write(
    plan: RotationPlan,
    values: Record<string, string>,
    options: { signal?: AbortSignal },
  ): Promise<{ version: number }> {
    const secret = this.#secret(plan.vault);
    options.signal?.throwIfAborted();
    if (plan.vault.kvVersion === 'v1') return this.#overwriteV1(secret, values);
    const cas = this.#plannedVersion(plan);
    if (!this.#mayPatch(plan))
      return this.#readModifyWrite(secret, values, cas, options.signal);
    try {
      const { version } = await this.#write(
        () => this.kv.patchVersion(secret, values, { cas }),
        options.signal,
      );
      return { version };
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      // no `patch` capability (or a Vault without KV PATCH): the same check-and-set, the long way
      this.options.logger?.info(
        `Vault refused to patch ${plan.vault.mount}/${plan.vault.path} (${error.message}); writing a full version with check-and-set ${cas} instead`,
      );
      options.signal?.throwIfAborted();
      return this.#readModifyWrite(secret, values, cas, options.signal);
    }
  }

  async writeEarlierVersion(
    plan: RotationPlan,
    options: { signal?: AbortSignal },
  ): Promise<{ version: number }> {
    const secret = this.#secret(plan.vault);
    const cas = this.#plannedVersion(plan);
    if (!plan.rollbackTo)
      throw new InputError('the rollback names no version to write back');
    // a deleted or destroyed version is a NotFoundError that says so (vaultErrors)
    const version = plan.rollbackTo.version;
    const earlier = await this.#read(
      () => this.kv.readVersion(secret, version),
      options.signal,
    );
    options.signal?.throwIfAborted();
    const written = await this.#write(
      () => this.kv.writeVersion(secret, earlier.data, { cas }),
      options.signal,
    );
    return { version: written.version };
  }

  async versions(plan: RotationPlan): Promise<KeyVersionState> {
    const metadata = await this.#read(() =>
      this.kv.readMetadata(this.#secret(plan.vault)),
    );
    const custom = metadata.customMetadata;
    const pending = Number(custom[ROTATION_VERSION_METADATA]);
    return {
      currentVersion: metadata.currentVersion,
      currentVersionCreatedAt: metadata.versions.find(
        v => v.version === metadata.currentVersion,
      )?.createdTime,
      pendingRotationId: custom[ROTATION_ID_METADATA],
      pendingVersion: Number.isInteger(pending) ? pending : undefined,
    };
  }

  async generatePassword(
    vault: { serverName?: string; server: string; namespace?: string },
    policy: string,
    options: { signal?: AbortSignal },
  ): Promise<string> {
    options.signal?.throwIfAborted();
    return this.#read(
      () =>
        this.kv.generatePassword(
          { server: this.#serverUrl(vault), namespace: vault.namespace },
          policy,
        ),
      options.signal,
    );
  }

  /** Read version `cas`, merge the new values in, write it back with check-and-set `cas`. */
  async #readModifyWrite(
    secret: VaultSecretRef,
    values: Record<string, string>,
    cas: number,
    signal?: AbortSignal,
  ): Promise<{ version: number }> {
    const latest = await this.#read(() => this.kv.readVersion(secret), signal);
    if (latest.version !== cas)
      throw new ConflictError(
        `Vault secret ${secret.mount}/${secret.key} is at version ${latest.version}, not the planned ${cas}`,
      );
    const { version } = await this.#write(
      () =>
        this.kv.writeVersion(secret, { ...latest.data, ...values }, { cas }),
      signal,
    );
    return { version };
  }

  /**
   * KV v1 has neither versions nor check-and-set: a write by someone else between this read and
   * this write is lost, and there is no earlier version to roll back to. The plan says KV v1.
   */
  async #overwriteV1(
    secret: VaultSecretRef,
    values: Record<string, string>,
  ): Promise<{ version: number }> {
    const current = await this.kv.readVersion(secret);
    await this.kv.overwriteUnversioned(secret, { ...current.data, ...values });
    return { version: 0 };
  }

  /** Only a plan whose pre-flight found `update` and no `patch` skips the PATCH. */
  #mayPatch(plan: RotationPlan): boolean {
    const { aclData } = kvApiPaths(this.#secret(plan.vault));
    const find = (capability: string) =>
      plan.permissions.find(
        p =>
          p.system === 'vault' &&
          p.action === vaultAction(capability, aclData, plan.vault.namespace),
      );
    const patch = find('patch');
    if (patch) return patch.allowed;
    return !find('update')?.allowed;
  }

  #plannedVersion(plan: RotationPlan): number {
    if (plan.vault.kvVersion !== 'v2')
      throw new InputError(
        `Vault secret ${plan.vault.mount}/${plan.vault.path} is on a KV v1 mount, which has no versions`,
      );
    const cas = plan.currentVersion;
    if (!(cas !== undefined && Number.isInteger(cas) && cas > 0))
      throw new InputError(
        `the plan of ${plan.vault.mount}/${plan.vault.path} has no current Vault version to check-and-set on`,
      );
    return cas;
  }

  /** The rights a rotation (or rollback) of the key needs, each named as the plan shows it. */
  #permissions(
    key: PlannedKey,
    caps: KvCapabilities,
    rollback: boolean,
  ): PlanPermissionCheck[] {
    const check = (
      capability: string,
      path: string,
      allowed: boolean,
      reason: string,
    ): PlanPermissionCheck => ({
      system: 'vault',
      action: vaultAction(capability, path, key.namespace),
      allowed,
      reason,
    });
    const data = caps.dataPath;
    if (key.kvVersion === 'v1')
      return [
        check('read', data, caps.canRead, 'keeps the keys not rotated'),
        check(
          'update',
          data,
          caps.canUpdate,
          'writes the new values (KV v1: no check-and-set, a concurrent write is lost)',
        ),
      ];
    const metadata = caps.metadataPath!;
    const checks = [
      check('read', metadata, caps.canReadMetadata, 'reads the versions'),
      check(
        'patch',
        metadata,
        caps.canPatchMetadata,
        'announces the rotation in custom_metadata',
      ),
    ];
    if (rollback)
      return [
        ...checks,
        check('read', data, caps.canRead, 'reads the earlier version'),
        check('update', data, caps.canUpdate, 'writes it as a new version'),
      ];
    checks.push(
      check(
        'read',
        caps.subkeysPath!,
        caps.canReadSubkeys,
        'names the keys to carry over',
      ),
    );
    if (!caps.canPatch && caps.canRead && caps.canUpdate)
      // the plan then tells the runner to skip the PATCH it would be refused
      return [
        ...checks,
        check('read', data, true, 'no patch: reads the current version whole'),
        check('update', data, true, 'writes it whole with check-and-set'),
      ];
    return [
      ...checks,
      check(
        'patch',
        data,
        caps.canPatch,
        'writes the new values (or read and update, for a full write with check-and-set)',
      ),
    ];
  }

  #secret(key: PlannedKey): VaultSecretRef {
    return {
      server: this.#serverUrl(key),
      namespace: key.namespace,
      mount: key.mount,
      key: key.path,
      kvVersion: key.kvVersion,
    };
  }

  /** The configured server by name when the plan has one, else the store's URL. */
  #serverUrl(key: { server?: string; serverName?: string }): string {
    const named = key.serverName
      ? this.servers.find(s => s.name === key.serverName)
      : undefined;
    if (named) return named.url;
    // an unconfigured URL is the Vault client's NotFoundError, which names the config key
    if (key.server) return key.server;
    throw new NotFoundError(
      `No Vault server ${
        key.serverName ? `named '${key.serverName}'` : `'${key.server}'`
      } is configured in secrets.vault[]`,
    );
  }
}
