export { SecretsSkeleton } from './SecretsSkeleton';
