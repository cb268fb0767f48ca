export { FleetCanary } from './FleetCanary';
export type { FleetCanaryProps } from './FleetCanary';
