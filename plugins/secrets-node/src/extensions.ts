import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { RotationPolicyRule, Rotator } from './types';

/** @public */
export interface SecretsPolicyExtensionPoint {
  /** Adds rules that run after the built-in ones on every dry run and rotation. */
  addRule(...rules: RotationPolicyRule[]): void;
}

/**
 * Lets a backend module add rotation policy rules.
 * @public
 */
export const secretsPolicyExtensionPoint =
  createExtensionPoint<SecretsPolicyExtensionPoint>({
    id: 'secrets.rotation-policy',
  });

/** @public */
export interface SecretsRotatorExtensionPoint {
  /** Adds rotators, chosen by id in `secrets.backstage.io/rotate` (`key=<id>:<argument>`). */
  addRotator(...rotators: Rotator[]): void;
}

/**
 * Lets a backend module add rotators.
 * @public
 */
export const secretsRotatorExtensionPoint =
  createExtensionPoint<SecretsRotatorExtensionPoint>({
    id: 'secrets.rotators',
  });
