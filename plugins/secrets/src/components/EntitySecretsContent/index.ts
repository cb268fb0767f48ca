export { EntitySecretsContent } from "./EntitySecretsContent";
