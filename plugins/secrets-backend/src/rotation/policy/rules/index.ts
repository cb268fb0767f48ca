import type { RotationPolicyConfig, RotationPolicyRule } from '../types';
import { blastRadiusRule } from './blastRadius';
import { cooldownRule } from './cooldown';
import { freezeWindowsRule } from './freezeWindows';
import { preflightPermissionsRule } from './preflightPermissions';
import { propagationPossibleRule } from './propagationPossible';
import { pushSecretConflictRule } from './pushSecretConflict';
import { reasonRequiredRule } from './reasonRequired';
import { rollbackTargetRule } from './rollbackTarget';
import { rotatorAvailableRule } from './rotatorAvailable';
import { storeHealthGateRule } from './storeHealthGate';
import { tenantBoundaryRule } from './tenantBoundary';

/** The built-in rules, in the order their verdicts are shown. */
export function builtinRotationRules(
  config: RotationPolicyConfig,
): RotationPolicyRule[] {
  return [
    tenantBoundaryRule(config.tenants),
    reasonRequiredRule(config),
    rotatorAvailableRule(),
    rollbackTargetRule(),
    propagationPossibleRule(),
    pushSecretConflictRule(),
    storeHealthGateRule(config),
    preflightPermissionsRule(),
    cooldownRule(config),
    freezeWindowsRule(config),
    blastRadiusRule(config),
  ];
}
