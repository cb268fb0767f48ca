export { FleetStoresTable, revalidatable } from './FleetStoresTable';
export type { FleetStoresTableProps } from './FleetStoresTable';
