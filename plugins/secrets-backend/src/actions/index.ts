import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { RotationService } from '../rotation/types';
import type { SecretsService } from '../service/types';
import { registerEntitySecretsAction } from './entitySecretsAction';
import { registerRequestRotationAction } from './requestRotationAction';

/** The plugin's MCP actions, each through the authorized services with the caller's credentials. */
export function registerSecretsActions(
  registry: ActionsRegistryService,
  services: {
    secrets: Pick<SecretsService, 'getEntitySecrets'>;
    rotations: Pick<RotationService, 'propose' | 'start'>;
  },
): void {
  registerEntitySecretsAction(registry, services.secrets);
  registerRequestRotationAction(registry, services.rotations);
}
