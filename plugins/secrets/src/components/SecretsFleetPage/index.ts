export { SecretsFleetPage } from './SecretsFleetPage';
export { LegacySecretsFleetPage } from './LegacySecretsFleetPage';
