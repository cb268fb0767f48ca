export { secretsApiRef } from './SecretsApi';
export type { SecretsApi } from './SecretsApi';
export { SecretsClient } from './SecretsClient';
