import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the fleet page in the legacy frontend system. @public */
export const rootRouteRef = createRouteRef({ id: 'secrets' });
