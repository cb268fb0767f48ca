export type {
  Rotator,
  RotatorSpec,
  RotatorTarget,
} from '@internal/plugin-secrets-node';
