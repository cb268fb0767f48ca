export { SecretRow } from './SecretRow';
export type { SecretRowProps } from './SecretRow';
