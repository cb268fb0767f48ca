export { RotateButton } from './RotateButton';
export type { RotateButtonProps } from './RotateButton';
