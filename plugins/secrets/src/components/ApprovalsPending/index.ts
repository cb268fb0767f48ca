export { ApprovalsPending } from './ApprovalsPending';
