export { RotationHistory } from './RotationHistory';
export type { RotationHistoryProps } from './RotationHistory';
export { RotationHistoryDialog } from './RotationHistoryDialog';
