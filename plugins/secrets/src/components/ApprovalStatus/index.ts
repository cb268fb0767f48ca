export { ApprovalStatus } from './ApprovalStatus';
export type { ApprovalStatusProps } from './ApprovalStatus';
export { ApprovalActions } from './ApprovalActions';
export type { ApprovalActionsProps } from './ApprovalActions';
export { ApprovalDecisionDialog } from './ApprovalDecisionDialog';
export type { ApprovalDecisionDialogProps } from './ApprovalDecisionDialog';
