import { z } from 'zod/v3';
import { secretSyncStatuses } from './types';

const kubeName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes object name',
  );

/** Path parameters of the entity routes. @public */
export const entityRefParamsSchema = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});

/** Query of `GET /fleet`. @public */
export const fleetQuerySchema = z.object({
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  status: z.enum(secretSyncStatuses).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
/** @public */
export type FleetQuery = z.infer<typeof fleetQuerySchema>;

/** Body of `POST /stores/revalidate`. No `stores` means every store that is not Ready. @public */
export const revalidateRequestSchema = z.object({
  dryRun: z.boolean().default(false),
  stores: z
    .array(
      z.object({
        cluster: z.string().min(1),
        kind: z.enum(['SecretStore', 'ClusterSecretStore']),
        name: kubeName,
        namespace: kubeName.optional(),
      }),
    )
    .max(500)
    .optional(),
});
/** @public */
export type RevalidateRequest = z.infer<typeof revalidateRequestSchema>;
