/*
 * Writes to the target Secret: createSecret / updateSecret / deleteOrphanedSecrets /
 * cleanupManagedSecrets of externalsecret_controller.go. An update that changes nothing is not
 * sent and records no event; an immutable Secret only gets its metadata updated and fails if its
 * data would change.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, StoreWriteOptions } from '../../kube/types';
import { ES_EVENT, LABEL_OWNER, RESOURCES } from '../constants';
import type { EsoContext } from '../EsoContext';
import { ownerLabelValue } from '../hashes';
import type { ExternalSecret } from '../types';
import {
  type ManagedKeys,
  mutateTargetSecret,
  sameSecretContent,
} from './targetSecret';
import type { EventSink } from './providerData';

export class ImmutableSecretError extends Error {}

export interface TargetWriteContext {
  ctx: EsoContext;
  es: ExternalSecret;
  secretName: string;
  dataMap: Record<string, Buffer>;
  managed: Map<string, ManagedKeys>;
  emit: EventSink;
}

/**
 * The field owner of ESO's writes to the target (util.go fqdnFor): `externalsecrets.external-secrets.io/<es>`,
 * or `.../sha3/<sha3-224 of the name>` when that is longer than 63 characters.
 */
export function fieldOwnerFor(esName: string): string {
  const fqdn = `externalsecrets.external-secrets.io/${esName}`;
  if (fqdn.length <= 63) return fqdn;
  const hash = createHash('sha3-224').update(esName).digest('hex');
  return `externalsecrets.external-secrets.io/sha3/${hash}`;
}

function asFieldOwner(w: TargetWriteContext): StoreWriteOptions {
  return { fieldManager: fieldOwnerFor(w.es.metadata.name) };
}

function managedKey(w: TargetWriteContext): string {
  return `${w.es.metadata.namespace}/${w.secretName}/${w.es.metadata.name}`;
}

export function createTargetSecret(w: TargetWriteContext): void {
  const { secret, managed } = mutateTargetSecret(
    w.es,
    undefined,
    w.secretName,
    w.dataMap,
    undefined,
  );
  w.ctx.store.create(RESOURCES.secrets, secret, asFieldOwner(w));
  w.managed.set(managedKey(w), managed);
  w.emit('Normal', ES_EVENT.created, ES_EVENT.createdMessage);
}

export function updateTargetSecret(
  w: TargetWriteContext,
  existing: KubeObject,
): void {
  let mutated: ReturnType<typeof mutateTargetSecret>;
  try {
    mutated = mutateTargetSecret(
      w.es,
      existing,
      w.secretName,
      w.dataMap,
      w.managed.get(managedKey(w)),
    );
  } catch (error) {
    throw Object.assign(
      new Error(
        `unable to mutate secret ${w.secretName}: ${(error as Error).message}`,
      ),
      {
        cause: error,
      },
    );
  }
  const { secret, managed } = mutated;
  if (sameSecretContent(existing, secret)) {
    w.managed.set(managedKey(w), managed);
    return;
  }
  if (existing.immutable === true) {
    const metadataOnly: KubeObject = {
      ...existing,
      metadata: { ...secret.metadata },
    };
    const metadataChanged = !sameSecretContent(existing, metadataOnly);
    if (metadataChanged)
      w.ctx.store.update(RESOURCES.secrets, metadataOnly, asFieldOwner(w));
    if (!metadataChanged || !sameSecretContent(metadataOnly, secret)) {
      throw new ImmutableSecretError(
        `unable to update secret ${w.secretName}: secret is immutable`,
      );
    }
    w.managed.set(managedKey(w), managed);
    w.emit('Normal', ES_EVENT.updated, ES_EVENT.updatedMessage);
    return;
  }
  try {
    w.ctx.store.update(RESOURCES.secrets, secret, asFieldOwner(w));
  } catch (error) {
    if ((error as { reason?: string }).reason === 'Conflict') throw error;
    throw new Error(
      `unable to update secret ${w.secretName}: ${(error as Error).message}`,
    );
  }
  w.managed.set(managedKey(w), managed);
  w.emit('Normal', ES_EVENT.updated, ES_EVENT.updatedMessage);
}

/** creationPolicy Owner: delete Secrets this ES created under an earlier target name. */
export function deleteOrphanedSecrets(w: TargetWriteContext): void {
  const ns = w.es.metadata.namespace;
  const owner = ownerLabelValue(ns ?? '', w.es.metadata.name);
  for (const s of w.ctx.store.listShared(RESOURCES.secrets, ns)) {
    if (
      s.metadata.labels?.[LABEL_OWNER] !== owner ||
      s.metadata.name === w.secretName
    )
      continue;
    try {
      w.ctx.store.delete(RESOURCES.secrets, ns, s.metadata.name);
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
    w.emit('Normal', ES_EVENT.deleted, ES_EVENT.deletedOrphanedMessage);
  }
}

/** On ExternalSecret deletion with deletionPolicy Delete: remove the target if this ES controls it. */
export function cleanupManagedSecret(
  ctx: EsoContext,
  es: ExternalSecret,
): void {
  if (es.spec.target?.deletionPolicy !== 'Delete') return;
  const name = es.spec.target?.name || es.metadata.name;
  const secret = ctx.store.get(RESOURCES.secrets, es.metadata.namespace, name);
  if (!secret) return;
  const controlled = (secret.metadata.ownerReferences ?? []).some(
    r => r.controller && r.uid === es.metadata.uid,
  );
  if (!controlled) return;
  try {
    ctx.store.delete(RESOURCES.secrets, es.metadata.namespace, name);
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
}
