import { parseEntityRef } from '@backstage/catalog-model';
import type { ExternalVaultChange } from '@secrets-plugin/plugin-secrets-common';
import type { RotationStore } from '../../database/RotationStore';
import { secretOfGroup } from '../../service/keyAges';
import type { SecretsService, ServiceOptions } from '../../service/types';
import { KvMetadataCache } from '../../vault/KvMetadataCache';
import type { VaultSecretRef } from '../../vault';

/**
 * The versions of an entity's keys that no rotation of the plugin wrote, from each key's Vault
 * metadata (served by the metadata cache) against the versions the rotations recorded. A key
 * whose metadata cannot be read contributes nothing: its rotations are still listed.
 */
export class ExternalChanges {
  constructor(
    private readonly deps: {
      secrets: Pick<SecretsService, 'getEntitySecrets'>;
      metadata: Pick<KvMetadataCache, 'lookup'>;
      store: Pick<RotationStore, 'writtenVersions'>;
      /** Keys the plugin itself writes outside rotations (the canary): none of theirs is external. */
      pluginKeys?: readonly VaultSecretRef[];
    },
  ) {}

  async of(
    entityRef: string,
    groupId: string | undefined,
    options: ServiceOptions,
  ): Promise<ExternalVaultChange[]> {
    let groups;
    try {
      ({ groups } = await this.deps.secrets.getEntitySecrets(
        parseEntityRef(entityRef),
        options,
      ));
    } catch {
      // the entity left the catalog (or its secrets cannot be read): its rotations remain
      return [];
    }
    const own = new Set(
      (this.deps.pluginKeys ?? []).map(k => KvMetadataCache.keyOf(k)),
    );
    const keys = groups.flatMap(g => {
      if (groupId !== undefined && g.id !== groupId) return [];
      const secret = secretOfGroup(g.vault);
      return secret && !own.has(KvMetadataCache.keyOf(secret))
        ? [{ groupId: g.id, secret }]
        : [];
    });
    if (keys.length === 0) return [];
    const [found, written] = await Promise.all([
      this.deps.metadata.lookup(keys.map(k => k.secret)),
      this.deps.store.writtenVersions(keys.map(k => k.groupId)),
    ]);
    const ours = new Set(written.map(w => `${w.keyId}@${w.version}`));
    return keys.flatMap(({ groupId: id, secret }) =>
      (found.get(KvMetadataCache.keyOf(secret))?.metadata?.versions ?? [])
        .filter(v => !ours.has(`${id}@${v.version}`))
        .map(
          (v): ExternalVaultChange => ({
            source: 'external',
            id: `${id}@${v.version}`,
            groupId: id,
            version: v.version,
            createdAt: v.createdTime,
            ...(v.deletionTime && { deletedAt: v.deletionTime }),
            destroyed: v.destroyed,
          }),
        ),
    );
  }
}
