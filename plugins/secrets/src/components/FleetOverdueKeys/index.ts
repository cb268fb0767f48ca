export { FleetOverdueKeys, OverdueKeysTable } from './FleetOverdueKeys';
