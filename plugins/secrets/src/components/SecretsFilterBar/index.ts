export { SecretsFilterBar } from './SecretsFilterBar';
export type { SecretsFilterBarProps } from './SecretsFilterBar';
