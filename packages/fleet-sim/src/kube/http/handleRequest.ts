import { IncomingMessage, ServerResponse } from 'node:http';
import { SimClock } from '../../clock/SimClock';
import {
  forbidden,
  internalError,
  isKubeApiError,
  pathNotFound,
  unauthorized,
} from '../apiErrors';
import { apiVersionOf } from '../resourceDefinition';
import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { impersonate } from '../rbac/impersonation';
import { handleReview } from '../rbac/reviewHandlers';
import { REVIEW_KEYS } from '../rbacResources';
import { KubeApiError } from '../types';
import { authorizationAttributes, forbiddenReason } from './accessRules';
import { dispatchResource } from './dispatchResource';
import { RequestFaults } from './Faults';
import { sendError } from './mediaTypes';
import { handleNonResource } from './nonResourceRoutes';
import { parseRequestInfo } from './requestInfo';
import { TokenAuthority, userInfoOf } from './TokenAuthority';
import { WatchHub } from './WatchHub';

export interface ServerState {
  name: string;
  store: InMemoryClusterStore;
  tokens: TokenAuthority;
  hub: WatchHub;
  faults: RequestFaults;
  clock: SimClock;
  bookmarkIntervalMs: number;
  /** `127.0.0.1:<port>` for /api's serverAddressByClientCIDRs */
  hostPort(): string;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return m ? m[1].trim() : undefined;
}

/**
 * The API server's filter chain for one request: injected faults, authentication (401),
 * impersonation (`kubectl --as`),
 * authorization on the request attributes by the authorizer chain (403, before the resource is
 * even looked up, as WithAuthorization does; non-resource paths too), then routing to discovery,
 * the access reviews or a resource handler. Errors become Status bodies.
 */
export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { store, faults } = state;
  try {
    if (faults.latencyMs > 0) await state.clock.sleep(faults.latencyMs);
    const injected = faults.take();
    if (injected) throw injected;
    const authenticated = state.tokens.authenticate(bearerToken(req));
    if (!authenticated) throw unauthorized();
    const identity = impersonate(req, authenticated, state.tokens.authorizer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const info = parseRequestInfo(
      req.method ?? 'GET',
      url.pathname,
      url.searchParams,
    );
    const decision = state.tokens.authorizer.authorize(
      authorizationAttributes(userInfoOf(identity), info),
      identity.rules,
    );
    if (!decision.allowed) {
      const why = forbiddenReason(identity.user, info);
      const message = decision.reason ? `${why}: ${decision.reason}` : why;
      if (!info.isResourceRequest)
        throw new KubeApiError(403, 'Forbidden', `forbidden: ${message}`, {});
      throw forbidden(
        { group: info.group, resource: info.resource },
        info.name,
        message,
      );
    }
    if (!info.isResourceRequest) {
      handleNonResource(
        req,
        res,
        url.pathname,
        store.catalog,
        state.hostPort(),
      );
      return;
    }
    const def = store.catalog.lookup(info.group, info.version, info.resource);
    const wrongPrefix = (info.apiPrefix === 'api') !== (info.group === '');
    const clusterScopedUnderNamespace =
      def &&
      info.namespace &&
      !def.namespaced &&
      info.resource !== 'namespaces';
    const namedWithoutNamespace =
      def?.namespaced && !info.namespace && info.name;
    if (
      !def ||
      wrongPrefix ||
      clusterScopedUnderNamespace ||
      namedWithoutNamespace
    )
      throw pathNotFound();
    const ctx = {
      req,
      res,
      query: url.searchParams,
      info,
      def,
      apiVersion: apiVersionOf(info.group, info.version),
      identity,
      store,
      hub: state.hub,
      tokens: state.tokens,
      clock: state.clock,
      bookmarkIntervalMs: state.bookmarkIntervalMs,
    };
    if (REVIEW_KEYS.has(def.key)) await handleReview(ctx);
    else await dispatchResource(ctx);
  } catch (error) {
    if (isKubeApiError(error)) {
      sendError(res, error as KubeApiError);
    } else {
      console.error(
        `fleet-sim kube ${state.name}: ${req.method} ${req.url} failed`,
        error,
      );
      sendError(res, internalError((error as Error).message));
    }
  }
}
