export { RotationDetailView, needsGuidance } from './RotationDetailView';
export type { RotationDetailViewProps } from './RotationDetailView';
export { RotationDetailDialog } from './RotationDetailDialog';
export type { RotationDetailDialogProps } from './RotationDetailDialog';
export { ClusterTimelines } from './ClusterTimelines';
export { RotationEvents } from './RotationEvents';
export { FailureGuidance } from './FailureGuidance';
