export { DefaultVaultKv, type DefaultVaultKvOptions } from './DefaultVaultKv';
export { vaultSecretRef } from './vaultSecretRef';
export type {
  KvCapabilities,
  KvMetadata,
  KvSecretVersion,
  KvVersionInfo,
  KvWriteResult,
  VaultKv,
  VaultSecretRef,
  VaultServerRef,
} from './types';
