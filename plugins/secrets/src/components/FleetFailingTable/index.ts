export { FleetFailingTable } from './FleetFailingTable';
export type { FleetFailingTableProps, FailingQuery } from './FleetFailingTable';
