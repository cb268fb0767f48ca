/**
 * Extension points of the secrets backend, for other backend modules.
 *
 * @packageDocumentation
 */
export type {
  RotationPolicyContext,
  RotationPolicyRule,
  Rotator,
  RotatorSpec,
  RotatorTarget,
} from './types';
export {
  secretsPolicyExtensionPoint,
  secretsRotatorExtensionPoint,
  type SecretsPolicyExtensionPoint,
  type SecretsRotatorExtensionPoint,
} from './extensions';
