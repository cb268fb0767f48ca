export { FleetClustersTable } from './FleetClustersTable';
export type { FleetClustersTableProps } from './FleetClustersTable';
