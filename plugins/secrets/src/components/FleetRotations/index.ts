export { FleetRotations } from './FleetRotations';
