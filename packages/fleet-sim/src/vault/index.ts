export { startVaultServer } from './server/startVaultServer';
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
