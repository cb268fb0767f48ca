export { SecretsFleetPage } from "./SecretsFleetPage";
