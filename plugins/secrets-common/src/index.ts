/**
 * Shared between the secrets frontend and backend: permissions, wire types, input schemas and
 * annotation constants. Nothing here may depend on Node or React, or carry a secret value.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './schemas';
export * from './constants';
export * from './conditions';
export * from './rotationStates';
export * from './rotationTypes';
export * from './rotationSchemas';
export * from './approvalTypes';
export * from './keyAgeTypes';
export * from './fleetRotationTypes';
export * from './compactEntitySecrets';
export * from './statusRules';
