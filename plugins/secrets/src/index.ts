/**
 * Frontend of the secrets plugin (legacy frontend system). The new frontend system uses `./alpha`.
 *
 * @packageDocumentation
 */
export {
  secretsPlugin,
  EntitySecretsContent,
  EntitySecretsCard,
  SecretsFleetPage,
} from './plugin';
export { rootRouteRef } from './routes';
export { secretsApiRef, SecretsClient } from './api';
export type {
  SecretsApi,
  ApprovalDecision,
  RollbackTarget,
  RotationTarget,
  StartOptions,
} from './api';
export type { EntitySecretsCardProps } from './components/EntitySecretsCard';
export { isSecretsAvailable } from '@secrets-plugin/plugin-secrets-common';
