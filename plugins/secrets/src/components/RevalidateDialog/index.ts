export { RevalidateDialog } from './RevalidateDialog';
export type { RevalidateDialogProps } from './RevalidateDialog';
