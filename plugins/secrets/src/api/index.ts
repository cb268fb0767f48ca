export { secretsApiRef } from './SecretsApi';
export type { SecretsApi } from './SecretsApi';
export { SecretsClient } from './SecretsClient';
export type {
  RollbackTarget,
  RotationTarget,
  StartOptions,
} from './SecretsApi';
export { RotationDeniedError } from './RotationDeniedError';
