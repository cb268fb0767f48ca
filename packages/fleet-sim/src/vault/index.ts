export { startVaultServer } from './server/startVaultServer';
export { parseVaultFault } from './server/vaultFaults';
export type { VaultFault, VaultFaultStatus } from './server/vaultFaults';
export type {
  AppRoleOptions,
  InNamespace,
  KubernetesAuthOptions,
  KubernetesRoleOptions,
  KvMountOptions,
  PutSecretOptions,
  SecretSnapshot,
  StartVaultServerOptions,
  TokenOptions,
  VaultEngine,
  VaultHealthMode,
  VaultServerHandle,
} from './types';
