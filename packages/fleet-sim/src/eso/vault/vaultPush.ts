/*
 * ESO's PushSecret for Vault (providers/v1/vault/client_push.go): read the current secret; if it
 * exists it must carry custom_metadata managed-by=external-secrets ("secret not managed by
 * external-secrets" otherwise); skip when nothing changes; for KV v2 write the metadata label,
 * then the data (a single property is merged into the existing secret).
 */
import { goJsonMarshal } from '../go/goJson';
import { type EsoVaultClient, NoSecretError } from './EsoVaultClient';
import { buildDataPath, buildMetadataPath } from './vaultPaths';

export async function pushSecretToVault(
  client: EsoVaultClient,
  value: Buffer,
  remoteKey: string,
  property: string | undefined,
  wholeSecret: boolean,
): Promise<void> {
  const { spec } = client;
  const v2 = (spec.version ?? 'v2') === 'v2';
  const label = { custom_metadata: { 'managed-by': 'external-secrets' } };
  const path = buildDataPath(spec, remoteKey);
  const metaPath = buildMetadataPath(spec, remoteKey);
  let existing: Record<string, unknown> = {};
  let exists = false;
  try {
    existing = await client.readSecret(path, undefined);
    exists = true;
  } catch (error) {
    if (!(error instanceof NoSecretError)) throw error;
  }
  if (exists) {
    const metadata = await client.readMetadata(remoteKey);
    if (metadata['managed-by'] !== 'external-secrets')
      throw new Error('secret not managed by external-secrets');
    if (!v2) delete existing.custom_metadata;
    if (
      !property &&
      wholeSecret &&
      goJsonMarshal(existing) ===
        goJsonMarshal(JSON.parse(value.toString('utf8')))
    ) {
      return;
    }
  }
  let secretVal: Record<string, unknown>;
  if (property) {
    if (Object.hasOwn(existing, property)) {
      if (typeof existing[property] !== 'string')
        throw new Error(`error converting ${property} to string`);
      if (existing[property] === value.toString('utf8')) return;
    }
    secretVal = { ...existing, [property]: value.toString('utf8') };
  } else {
    try {
      secretVal = JSON.parse(value.toString('utf8'));
    } catch {
      throw new Error('error unmarshalling vault secret: invalid JSON format');
    }
  }
  let toPush: Record<string, unknown> = secretVal;
  if (!v2) toPush = { ...secretVal, custom_metadata: label.custom_metadata };
  if (v2) {
    toPush = { data: secretVal };
    await client.api.write(metaPath, label);
  }
  await client.api.write(path, toPush);
}
