import type { AuditorService } from '@backstage/backend-plugin-api';
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
    /** the rotation request is audited as over HTTP */
    auditor: AuditorService;
  },
): void {
  registerEntitySecretsAction(registry, services.secrets);
  registerRequestRotationAction(registry, services.rotations, services.auditor);
}
