import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod/v3';
import { dryRunUnlessExplicit } from './schemas';

/*
 * Input schemas of the rotation API. As for revalidation, nothing is written unless the body says
 * `"dryRun": false`; messages say what is allowed.
 */

const entityRef = z
  .string({
    required_error:
      'is required: the entity ref, e.g. component:default/payments-api',
  })
  .max(1024, 'must be at most 1024 characters')
  .refine(v => {
    try {
      parseEntityRef(v);
      return /^[^:]+:[^/]+\/.+$/.test(v);
    } catch {
      return false;
    }
  }, 'must be a full entity ref: kind:namespace/name, e.g. component:default/payments-api');

const groupId = z
  .string({
    required_error:
      "is required: the id of a Vault-key group from the entity's Secrets tab",
  })
  .min(1, 'must not be empty')
  .max(1024, 'must be at most 1024 characters')
  .regex(
    /^[A-Za-z0-9_-]+$/,
    "must be a group id from the entity's secrets response",
  );

const reason = z
  .string({ invalid_type_error: 'must be a string' })
  .max(1000, 'must be at most 1000 characters')
  .default('');

const idempotencyKey = z
  .string({ invalid_type_error: 'must be a string' })
  .regex(
    /^[A-Za-z0-9_-]{8,128}$/,
    'must be 8-128 letters, digits, "-" or "_" (a UUID works)',
  )
  .optional();

const acknowledgeWarnings = z
  .boolean({ invalid_type_error: 'must be true or false' })
  .default(false);

function unknownKeys(allowed: string[]): z.ZodErrorMap {
  return (issue, ctx) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys)
      return {
        message: `unknown ${issue.keys.join(', ')}; allowed: ${allowed.join(
          ', ',
        )}`,
      };
    if (issue.code === z.ZodIssueCode.invalid_type && issue.path.length === 0)
      return { message: `must be a JSON object with ${allowed.join(', ')}` };
    return { message: ctx.defaultError };
  };
}

/** Body of `POST /rotations`. @public */
export const rotationRequestSchema = z
  .object(
    {
      entityRef,
      groupId,
      reason,
      dryRun: dryRunUnlessExplicit,
      idempotencyKey,
      acknowledgeWarnings,
    },
    {
      errorMap: unknownKeys([
        'entityRef',
        'groupId',
        'reason',
        'dryRun',
        'idempotencyKey',
        'acknowledgeWarnings',
      ]),
    },
  )
  .strict();
/** @public */
export type RotationRequest = z.infer<typeof rotationRequestSchema>;

/** Body of `POST /rotations/:id/rollback`. @public */
export const rollbackRequestSchema = z
  .object(
    {
      version: z
        .number({
          required_error: 'is required: the Vault version to write back',
          invalid_type_error: 'must be a Vault version number',
        })
        .int('must be a whole version number')
        .min(1, 'must be a Vault version, from 1'),
      reason,
      dryRun: dryRunUnlessExplicit,
      idempotencyKey,
      acknowledgeWarnings,
    },
    {
      errorMap: unknownKeys([
        'version',
        'reason',
        'dryRun',
        'idempotencyKey',
        'acknowledgeWarnings',
      ]),
    },
  )
  .strict();
/** @public */
export type RollbackRequest = z.infer<typeof rollbackRequestSchema>;

/** Path parameter of `/rotations/:id`. @public */
export const rotationIdParamsSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a rotation id (a UUID)'),
});

/** Query of `GET /entities/:namespace/:kind/:name/rotations`. @public */
export const rotationHistoryQuerySchema = z
  .object(
    {
      groupId: groupId.optional(),
      offset: z.coerce
        .number({
          invalid_type_error: 'must be a whole number from 0 to 10000',
        })
        .int('must be a whole number from 0 to 10000')
        .min(0, 'must be a whole number from 0 to 10000')
        .max(10_000, 'must be a whole number from 0 to 10000')
        .default(0),
      limit: z.coerce
        .number({ invalid_type_error: 'must be a whole number from 1 to 100' })
        .int('must be a whole number from 1 to 100')
        .min(1, 'must be a whole number from 1 to 100')
        .max(100, 'must be a whole number from 1 to 100')
        .default(20),
    },
    { errorMap: unknownKeys(['groupId', 'offset', 'limit']) },
  )
  .strict();
/** @public */
export type RotationHistoryQuery = z.infer<typeof rotationHistoryQuerySchema>;
