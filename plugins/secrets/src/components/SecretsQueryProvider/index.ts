export { SecretsQueryProvider } from './SecretsQueryProvider';
export type { SecretsQueryProviderProps } from './SecretsQueryProvider';
