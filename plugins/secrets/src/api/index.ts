export { secretsApiRef } from './SecretsApi';
export type { SecretsApi } from './SecretsApi';
export { SecretsClient } from './SecretsClient';
export type {
  ApprovalDecision,
  RollbackTarget,
  RotationTarget,
  StartOptions,
} from './SecretsApi';
export { RotationDeniedError } from './RotationDeniedError';
