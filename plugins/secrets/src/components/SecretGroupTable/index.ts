export { SecretGroupTable } from './SecretGroupTable';
export type { SecretGroupTableProps } from './SecretGroupTable';
