export { RotateDialog } from './RotateDialog';
export type { RotateDialogMode, RotateDialogProps } from './RotateDialog';
