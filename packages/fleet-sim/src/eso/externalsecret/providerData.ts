/*
 * GetProviderSecretData (externalsecret_controller_secret.go): walks spec.dataFrom then spec.data,
 * asks the store's provider for each entry, decodes it, and wraps errors exactly like ESO
 * (`error processing spec.data[0] (key: payments/db), err: …`). A missing provider secret is
 * skipped with a MissingProviderSecret event unless deletionPolicy is Retain (the default), in
 * which case it fails the sync with "Secret does not exist".
 * `dataFrom[].find` and generators are not simulated and fail with an explicit error.
 */
import { ES_EVENT } from '../constants';
import type { ClientManager } from '../stores/clientManager';
import type { ExternalSecret, RemoteRef } from '../types';
import { NoSecretError } from '../vault/EsoVaultClient';

export type EventSink = (
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
) => void;

const VALID_KEY = /^[-._a-zA-Z0-9]+$/;

function decode(
  strategy: RemoteRef['decodingStrategy'],
  value: Buffer,
): Buffer {
  const text = value.toString('utf8');
  switch (strategy ?? 'None') {
    case 'None':
      return value;
    case 'Base64':
      return Buffer.from(text, 'base64');
    case 'Base64URL':
      return Buffer.from(text, 'base64url');
    case 'Auto':
      if (/^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0)
        return Buffer.from(text, 'base64');
      if (/^[A-Za-z0-9_-]*={0,2}$/.test(text))
        return Buffer.from(text, 'base64url');
      return value;
    default:
      return value;
  }
}

function checkNullBytes(
  policy: RemoteRef['nullBytePolicy'],
  key: string,
  value: Buffer,
): void {
  if (policy === 'Fail' && value.includes(0)) {
    throw new Error(
      `secret value for key ${JSON.stringify(key)} contains null bytes`,
    );
  }
}

/** The field of a dataFrom entry named in its error message (find, then generatorRef, else extract). */
function dataFromKind(
  entry: NonNullable<ExternalSecret['spec']['dataFrom']>[number],
): string {
  if (entry.find) return 'find';
  if (entry.sourceRef?.generatorRef) return 'sourceRef.generatorRef';
  return 'extract';
}

export async function getProviderSecretData(
  es: ExternalSecret,
  manager: ClientManager,
  emit: EventSink,
): Promise<Record<string, Buffer>> {
  const namespace = es.metadata.namespace ?? '';
  const defaultRef = es.spec.secretStoreRef ?? {
    name: '',
    kind: 'SecretStore' as const,
  };
  const retain = (es.spec.target?.deletionPolicy ?? 'Retain') === 'Retain';
  const out: Record<string, Buffer> = {};

  for (const [i, entry] of (es.spec.dataFrom ?? []).entries()) {
    let secretMap: Record<string, Buffer> | undefined;
    try {
      if (entry.find)
        throw new Error('dataFrom.find is not supported by the simulator');
      if (entry.sourceRef?.generatorRef)
        throw new Error('generators are not supported by the simulator');
      if (!entry.extract) continue;
      const client = await manager.get(
        entry.sourceRef?.storeRef ?? defaultRef,
        namespace,
      );
      secretMap = await client.getSecretMap(entry.extract);
      for (const key of Object.keys(secretMap)) {
        if (!VALID_KEY.test(key)) {
          throw new Error(
            `invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has invalid format: ${key}`,
          );
        }
        secretMap[key] = decode(entry.extract.decodingStrategy, secretMap[key]);
        checkNullBytes(entry.extract.nullBytePolicy, key, secretMap[key]);
      }
    } catch (error) {
      if (error instanceof NoSecretError && !retain) {
        emit(
          'Normal',
          ES_EVENT.missingProviderSecret,
          `secret does not exist at provider using spec.dataFrom[${i}]`,
        );
        continue;
      }
      throw new Error(
        `error processing spec.dataFrom[${i}].${dataFromKind(entry)}, err: ${
          (error as Error).message
        }`,
      );
    }
    Object.assign(out, secretMap);
  }

  for (const [i, entry] of (es.spec.data ?? []).entries()) {
    try {
      const client = await manager.get(
        entry.sourceRef?.storeRef ?? defaultRef,
        namespace,
      );
      const value = decode(
        entry.remoteRef.decodingStrategy,
        await client.getSecret(entry.remoteRef),
      );
      checkNullBytes(entry.remoteRef.nullBytePolicy, entry.secretKey, value);
      out[entry.secretKey] = value;
    } catch (error) {
      if (error instanceof NoSecretError && !retain) {
        emit(
          'Normal',
          ES_EVENT.missingProviderSecret,
          `secret does not exist at provider using spec.dataFrom[${i}] (key=${entry.remoteRef.key})`,
        );
        continue;
      }
      throw new Error(
        `error processing spec.data[${i}] (key: ${entry.remoteRef.key}), err: ${
          (error as Error).message
        }`,
      );
    }
  }
  return out;
}
