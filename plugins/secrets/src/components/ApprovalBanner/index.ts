export { ApprovalBanner } from './ApprovalBanner';
export type { ApprovalBannerProps } from './ApprovalBanner';
