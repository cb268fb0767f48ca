export { EntitySecretsCard } from './EntitySecretsCard';
export type { EntitySecretsCardProps } from './EntitySecretsCard';
