import type { AuditorService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  rotationRequestSchema,
  type RotationProposal,
} from '@secrets-plugin/plugin-secrets-common';
import { auditRotationRequest } from '../rotation/auditRotationRequest';
import type { RotationService } from '../rotation/types';

/**
 * `request-secret-rotation`: the Secrets tab's rotate button for an agent. It goes through the
 * authorized rotation service with the caller's credentials, so `secrets.entity.rotate` and every
 * policy rule apply as they do over HTTP; nothing is written unless `dryRun` is false. Audited as
 * `POST /rotations` is (the same `secret-rotation` event), naming the caller as the actor.
 */
export function registerRequestRotationAction(
  registry: ActionsRegistryService,
  rotations: Pick<RotationService, 'propose' | 'start'>,
  auditor: AuditorService,
): void {
  registry.register({
    name: 'request-secret-rotation',
    title: 'Rotate a Vault secret an entity reads',
    description:
      "Rotates one Vault key a catalog entity reads (a groupId from get-entity-secrets) in every cluster that reads it, through the plugin's server-side policy. By default a dry run: returns the plan and every policy verdict and writes nothing. With dryRun false it starts the rotation (a write to Vault, force-syncs and restarts) and returns its id and state. Never returns a secret value.",
    attributes: { destructive: true, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Full entity ref, e.g. component:default/payments-api'),
          groupId: z
            .string()
            .describe('The group id of the key, from get-entity-secrets'),
          reason: z
            .string()
            .default('')
            .describe(
              'Why: recorded in the history, and policies may require it',
            ),
          dryRun: z
            .boolean()
            .default(true)
            .describe('true (default): plan and verdicts only; false: rotate'),
          acknowledgeWarnings: z
            .boolean()
            .default(false)
            .describe('Must be true to rotate despite warning verdicts'),
          idempotencyKey: z
            .string()
            .optional()
            .describe(
              'Repeating a request with the same key returns the first rotation',
            ),
        }),
      output: z =>
        z.object({
          dryRun: z.boolean(),
          allowed: z.boolean().optional(),
          requiresApproval: z.boolean().optional(),
          verdicts: z
            .array(
              z.object({
                ruleId: z.string(),
                outcome: z.enum(['allow', 'deny', 'warn']),
                message: z.string(),
              }),
            )
            .optional(),
          plan: z
            .object({
              vaultPath: z.string(),
              currentVersion: z.number().optional(),
              keys: z.array(z.object({ name: z.string(), action: z.string() })),
              clusters: z.array(
                z.object({
                  cluster: z.string(),
                  environment: z.string().optional(),
                  externalSecrets: z.number(),
                  workloadsWeRestart: z.number(),
                }),
              ),
            })
            .optional(),
          rotation: z.object({ id: z.string(), state: z.string() }).optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const parsed = rotationRequestSchema.safeParse(input);
      if (!parsed.success)
        throw new InputError(
          parsed.error.issues
            .map(i => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        );
      const request = parsed.data;
      const audit = {
        meta: {
          action: 'rotate',
          dryRun: request.dryRun,
          entityRef: request.entityRef,
          groupId: request.groupId,
        },
        credentials,
        via: 'mcp-action',
      };
      if (request.dryRun) {
        const proposal = await auditRotationRequest(auditor, audit, () =>
          rotations.propose(request, { credentials }),
        );
        return { output: { dryRun: true, ...describe(proposal) } };
      }
      const summary = await auditRotationRequest(auditor, audit, () =>
        rotations.start(request, { credentials }),
      );
      return {
        output: {
          dryRun: false,
          rotation: { id: summary.id, state: summary.state },
        },
      };
    },
  });
}

/** The proposal in the few fields an agent acts on. */
function describe(proposal: RotationProposal) {
  const { plan } = proposal;
  return {
    allowed: proposal.allowed,
    requiresApproval: proposal.requiresApproval,
    verdicts: proposal.verdicts.map(v => ({
      ruleId: v.ruleId,
      outcome: v.outcome,
      message: v.message,
    })),
    plan: {
      vaultPath: `${plan.vault.mount}/${plan.vault.path}`,
      currentVersion: plan.currentVersion,
      keys: plan.keys.map(k => ({ name: k.name, action: k.action })),
      clusters: plan.clusters.map(c => ({
        cluster: c.cluster,
        environment: c.environment,
        externalSecrets: c.externalSecrets.length,
        workloadsWeRestart: c.workloads.filter(w => w.restartedBy === 'us')
          .length,
      })),
    },
  };
}
