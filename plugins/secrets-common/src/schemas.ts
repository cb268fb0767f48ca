import { makeValidator } from '@backstage/catalog-model';
import { z } from 'zod/v3';
import { secretSyncStatuses } from './types';

/*
 * Input schemas of the HTTP API. Every message says what is allowed, since it reaches the caller
 * as `<field>: <message>` in a 400.
 */

const catalogRules = makeValidator();

/**
 * The catalog's built-in kinds, lower case. Secrets are looked up per catalog entity, and an
 * entity of any other kind is a typo rather than a kind the catalog could hold for this plugin.
 * @public
 */
export const secretsEntityKinds = [
  'component',
  'resource',
  'system',
  'api',
  'group',
  'user',
  'domain',
  'location',
  'template',
] as const;

const kubeName = z
  .string({ invalid_type_error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes object name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  );

/** Path parameters of the entity routes: the parts of a catalog entity ref, by the catalog's rules. @public */
export const entityRefParamsSchema = z.object({
  namespace: z
    .string()
    .transform(v => v.toLocaleLowerCase('en-US'))
    .refine(
      v => catalogRules.isValidNamespace(v),
      'must be a catalog namespace: 1-63 letters, digits and "-", starting and ending with a letter or digit',
    ),
  kind: z
    .string()
    .transform(v => v.toLocaleLowerCase('en-US'))
    .refine(
      (v): v is (typeof secretsEntityKinds)[number] =>
        catalogRules.isValidKind(v) &&
        (secretsEntityKinds as readonly string[]).includes(v),
      `must be a catalog kind: one of ${secretsEntityKinds.join(', ')}`,
    ),
  name: z
    .string()
    .refine(
      v => catalogRules.isValidEntityName(v),
      'must be a catalog entity name: 1-63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    ),
});

/** An integer query parameter given at most once, e.g. `?limit=50`. */
function queryInteger(min: number, max: number, fallback: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .string({ invalid_type_error: `${message}, given once` })
    .regex(/^\d{1,9}$/, message)
    .optional()
    .transform(v => (v === undefined ? fallback : Number(v)))
    .pipe(z.number().min(min, message).max(max, message));
}

/** A text query parameter given at most once. */
function queryText(what: string) {
  return z
    .string({ invalid_type_error: `must be ${what}, given once` })
    .min(1, `must be ${what}, not empty`)
    .max(253, `must be ${what} of at most 253 characters`)
    .optional();
}

/** Query of `GET /fleet`. @public */
export const fleetQuerySchema = z
  .object(
    {
      cluster: queryText('a cluster name'),
      namespace: queryText('a Kubernetes namespace'),
      status: z
        .enum(secretSyncStatuses, {
          errorMap: () => ({
            message: `must be one of ${secretSyncStatuses.join(
              ', ',
            )}, given once`,
          }),
        })
        .optional(),
      offset: queryInteger(0, 10_000, 0),
      limit: queryInteger(1, 500, 50),
    },
    {
      errorMap: objectErrors('a query string', [
        'cluster',
        'namespace',
        'status',
        'offset',
        'limit',
      ]),
    },
  )
  .strict();
/** @public */
export type FleetQuery = z.infer<typeof fleetQuerySchema>;

/**
 * Query of `GET /entities/:namespace/:kind/:name/secrets`: `format=compact` asks for
 * `CompactEntitySecretsResponse`, the frontend's form; the default is the full one.
 * @public
 */
export const entitySecretsQuerySchema = z
  .object(
    {
      format: z
        .enum(['full', 'compact'], {
          errorMap: () => ({ message: 'must be full or compact, given once' }),
        })
        .default('full'),
    },
    { errorMap: objectErrors('a query string', ['format']) },
  )
  .strict();
/** @public */
export type EntitySecretsQuery = z.infer<typeof entitySecretsQuerySchema>;

/**
 * The `dryRun` flag of every write: nothing is changed unless the body says `"dryRun": false`.
 * A client that sends no body, the wrong content type or forgets the flag gets a plan, never a
 * fleet-wide write (revalidation today, rotations next).
 * @public
 */
export const dryRunUnlessExplicit = z
  .boolean({ invalid_type_error: 'must be true or false' })
  .default(true);

/** Messages of an object schema: what it must be, and which keys it allows. */
function objectErrors(what: string, allowed: readonly string[]): z.ZodErrorMap {
  return (issue, ctx) => {
    if (issue.code === z.ZodIssueCode.invalid_type)
      return {
        message: `must be ${what}; got ${
          issue.received === 'undefined' ? 'nothing' : issue.received
        }`,
      };
    if (issue.code === z.ZodIssueCode.unrecognized_keys)
      return {
        message: `unknown ${issue.keys.join(', ')}; allowed: ${allowed.join(
          ', ',
        )}`,
      };
    return { message: ctx.defaultError };
  };
}

/** One store to revalidate. */
const storeRefSchema = z
  .object(
    {
      cluster: z
        .string({ required_error: 'is required: a configured cluster name' })
        .min(1, 'must be a configured cluster name'),
      kind: z.enum(['SecretStore', 'ClusterSecretStore'], {
        errorMap: () => ({
          message: 'must be SecretStore or ClusterSecretStore',
        }),
      }),
      name: kubeName,
      namespace: kubeName.optional(),
    },
    {
      errorMap: objectErrors('a store: {cluster, kind, name, namespace?}', [
        'cluster',
        'kind',
        'name',
        'namespace',
      ]),
    },
  )
  .strict()
  .superRefine((store, ctx) => {
    if (store.kind === 'SecretStore' && store.namespace === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['namespace'],
        message: 'is required for a SecretStore (the namespace it lives in)',
      });
    if (store.kind === 'ClusterSecretStore' && store.namespace !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['namespace'],
        message: 'must be left out for a ClusterSecretStore (it has none)',
      });
  });

/**
 * Body of `POST /stores/revalidate`. No `stores` means every store that is not Ready; without
 * `"dryRun": false` it only plans.
 * @public
 */
export const revalidateRequestSchema = z
  .object(
    {
      dryRun: dryRunUnlessExplicit,
      stores: z
        .array(storeRefSchema, {
          invalid_type_error: 'must be an array of stores',
        })
        .max(500, 'must list at most 500 stores')
        .optional(),
    },
    {
      errorMap: objectErrors(
        'a JSON object, e.g. {"dryRun": false, "stores": [{"cluster": "prod-eu", "kind": "ClusterSecretStore", "name": "vault"}]}',
        ['dryRun', 'stores'],
      ),
    },
  )
  .strict();
/** @public */
export type RevalidateRequest = z.infer<typeof revalidateRequestSchema>;
