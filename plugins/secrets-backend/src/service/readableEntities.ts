import type { PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  secretsEntityReadPermission,
} from '@secrets-plugin/plugin-secrets-common';
import type { ServiceOptions } from './types';

/**
 * `CATALOG_FILTER_EXISTS` of @backstage/catalog-client, which this package does not depend on.
 * The client creates it with `Symbol.for` under this key precisely so that separate copies of
 * the package agree, which makes this the same symbol.
 */
const CATALOG_FILTER_EXISTS = Symbol.for(
  'CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111',
);

/**
 * The entities that have a Secrets tab (the Kubernetes annotations) and whose secrets the user
 * may read. One catalog query (it already hides what the user may not see) and at most one
 * batched authorization: a policy that allows or denies `secrets.entity.read` outright is
 * answered without listing refs; a conditional one (ownership) is applied to all refs at once.
 */
export async function readableSecretsEntities(
  catalog: CatalogService,
  permissions: PermissionsService,
  { credentials }: ServiceOptions,
): Promise<Entity[]> {
  const [overall] = await permissions.authorizeConditional(
    [{ permission: secretsEntityReadPermission }],
    { credentials },
  );
  if (overall.result === AuthorizeResult.DENY) return [];
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        // not the three keys one by one: field paths split at dots, and the keys contain dots
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  if (overall.result === AuthorizeResult.ALLOW || items.length === 0)
    return items;
  const decisions = await permissions.authorize(
    items.map(e => ({
      permission: secretsEntityReadPermission,
      resourceRef: stringifyEntityRef(e),
    })),
    { credentials },
  );
  return items.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW);
}
