export { SecretsRefusal } from './SecretsRefusal';
export type { SecretsRefusalProps } from './SecretsRefusal';
