import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { rotationRequestSchema } from '@secrets-plugin/plugin-secrets-common';
import { parseOrThrow } from '../service/requestParsing';
import type { SecretsService } from '../service/types';

/** The ref rule of every other input: a ref parseEntityRef rejects was a 500 (TypeError). */
const inputSchema = rotationRequestSchema.pick({ entityRef: true });

/**
 * `get-entity-secrets`: the entity's Vault-key groups and each ExternalSecret's status, as the
 * Secrets tab shows them, through the same service and permission (`secrets.entity.read`) with
 * the caller's credentials. Metadata only, as the tab.
 */
export function registerEntitySecretsAction(
  registry: ActionsRegistryService,
  secrets: Pick<SecretsService, 'getEntitySecrets'>,
): void {
  registry.register({
    name: 'get-entity-secrets',
    title: "An entity's secrets and their sync status",
    description:
      'Lists the Vault keys a catalog entity reads through External Secrets Operator, grouped by key, with each ExternalSecret per cluster: its sync status (Synced, Error, Stale, ...), the cause of a failure, the store and the last sync. Never a secret value. The groupId of a group is what request-secret-rotation takes.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Full entity ref, kind:namespace/name, e.g. component:default/payments-api',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          groups: z.array(
            z.object({
              groupId: z.string(),
              vault: z.object({
                server: z.string().optional(),
                namespace: z.string().optional(),
                mount: z.string().optional(),
                key: z.string(),
                pinnedVersion: z.string().optional(),
              }),
              externalSecrets: z.array(
                z.object({
                  cluster: z.string(),
                  namespace: z.string(),
                  name: z.string(),
                  status: z.string(),
                  cause: z.string().optional(),
                  store: z.string(),
                  lastSyncAt: z.string().optional(),
                }),
              ),
            }),
          ),
          unreachableClusters: z.array(
            z.object({ cluster: z.string(), message: z.string() }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = parseOrThrow(inputSchema, input, 'body');
      const response = await secrets.getEntitySecrets(
        parseEntityRef(entityRef),
        { credentials },
      );
      return {
        output: {
          entityRef: response.entityRef,
          groups: response.groups.map(g => ({
            groupId: g.id,
            vault: {
              server: g.vault.serverName ?? g.vault.server,
              namespace: g.vault.namespace,
              mount: g.vault.mount,
              key: g.vault.key,
              pinnedVersion: g.vault.pinnedVersion,
            },
            externalSecrets: g.rows.map(r => ({
              cluster: r.cluster,
              namespace: r.namespace,
              name: r.name,
              status: r.status,
              cause: r.cause,
              store: `${r.store.kind}/${r.store.name}`,
              lastSyncAt: r.lastSyncAt,
            })),
          })),
          unreachableClusters: response.errors.map(e => ({
            cluster: e.cluster,
            message: e.message,
          })),
        },
      };
    },
  });
}
