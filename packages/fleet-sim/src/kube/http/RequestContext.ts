import { IncomingMessage, ServerResponse } from 'node:http';
import { SimClock } from '../../clock/SimClock';
import { ResourceDefinition } from '../resourceDefinition';
import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { ResourceRequestInfo } from './requestInfo';
import { Identity, TokenAuthority } from './TokenAuthority';
import { WatchHub } from './WatchHub';

/** Everything a resource handler needs for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: ResourceRequestInfo;
  def: ResourceDefinition;
  /** `group/version` of the URL: objects are rendered at it */
  apiVersion: string;
  identity: Identity;
  store: InMemoryClusterStore;
  hub: WatchHub;
  tokens: TokenAuthority;
  clock: SimClock;
  bookmarkIntervalMs: number;
}

/** The namespace of the URL, or undefined for cluster-scoped resources / all-namespace lists. */
export function urlNamespace(ctx: RequestContext): string | undefined {
  return ctx.def.namespaced && ctx.info.namespace
    ? ctx.info.namespace
    : undefined;
}
