import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import type { ApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { secretsApiRef, type SecretsApi } from '../api';
import { makeEntity, mockSecretsApi, permissionApi } from './fixtures';

/** What a test changes about the app around the component under test. */
export interface RenderOptions {
  api?: SecretsApi;
  /** The permission decision per permission name; everything is allowed by default. */
  decide?: (name: string) => 'ALLOW' | 'DENY';
  /** Wraps the element in an EntityProvider for this entity. */
  entity?: Entity;
  routeEntries?: string[];
  /** More APIs the app provides (a signal API, ...). */
  apis?: ReadonlyArray<readonly [ApiRef<any>, any]>;
}

/** The entity page's usual entity: payments-api with the kubernetes-id annotation. */
export function annotatedEntity(): Entity {
  return makeEntity({ 'backstage.io/kubernetes-id': 'payments-api' });
}

/**
 * Renders `element` in a legacy test app with the plugin's API, a permission API and the catalog's
 * entity route (for EntityRefLink), the way the app provides them.
 */
export function renderWithApis(
  element: ReactElement,
  options: RenderOptions = {},
) {
  const api = options.api ?? mockSecretsApi();
  const decide = options.decide ?? (() => 'ALLOW' as const);
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [secretsApiRef, api],
        [permissionApiRef, permissionApi(decide)],
        ...(options.apis ?? []),
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}
