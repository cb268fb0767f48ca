export { FleetStoresTable, storeLabel } from './FleetStoresTable';
export type { FleetStoresTableProps } from './FleetStoresTable';
