export type {
  Rotator,
  RotatorSpec,
  RotatorTarget,
} from '@secrets-plugin/plugin-secrets-node';
