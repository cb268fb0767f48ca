/**
 * Backend of the secrets plugin: fleet-wide External Secrets Operator and Vault status.
 *
 * @packageDocumentation
 */
export { secretsPlugin as default } from './plugin';
