import { badRequest } from '../apiErrors';
import { ListPage, listPage } from '../store/listPage';
import { StoredObject } from '../store/StoredObject';
import { KubeObject } from '../types';
import {
  matchesFields,
  parseFieldSelector,
  pinnedName,
} from '../selectors/fieldSelector';
import { matchesLabels, parseLabelSelector } from '../selectors/labelSelector';
import { negotiate, sendObject, sendText } from './mediaTypes';
import {
  partialListHead,
  partialObjectJson,
  requireList,
  requireSingle,
} from './partialMetadata';
import { RequestContext, urlNamespace } from './RequestContext';
import { ResourceWatch } from './ResourceWatch';
import { renderTable, TABLE_TAIL, tableHead, tableRow } from './tableRendering';

/** GET of one object, LIST (paginated, streamed) and WATCH. */

function format(ctx: RequestContext) {
  return negotiate(
    ctx.req.headers.accept,
    true,
    ctx.query.get('includeObject'),
  );
}

export function handleGet(ctx: RequestContext): void {
  const fmt = format(ctx);
  const entry = ctx.store.stored(ctx.def, urlNamespace(ctx), ctx.info.name);
  if (fmt.kind === 'table') {
    const table = renderTable(
      ctx.def,
      [entry],
      fmt,
      {},
      ctx.apiVersion,
      ctx.clock.now(),
    );
    sendText(ctx.res, 200, 'application/json', table);
  } else if (fmt.kind === 'partial') {
    requireSingle(fmt, ctx.def);
    sendObject(ctx.res, 200, partialObjectJson(entry, fmt.version), {
      kind: fmt.encoding,
    });
  } else {
    sendObject(ctx.res, 200, entry.json(ctx.apiVersion), fmt);
  }
}

/** namespace + label + field selectors as one predicate. */
function selection(ctx: RequestContext): (obj: KubeObject) => boolean {
  const labels = parseLabelSelector(ctx.query.get('labelSelector'));
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), ctx.def);
  const namespace = urlNamespace(ctx);
  const name = ctx.info.name || undefined;
  return obj =>
    (namespace === undefined || obj.metadata.namespace === namespace) &&
    (name === undefined || obj.metadata.name === name) &&
    matchesLabels(labels, obj.metadata.labels) &&
    matchesFields(fields, obj);
}

function parseLimit(ctx: RequestContext): number | undefined {
  const raw = ctx.query.get('limit');
  if (raw === null || raw === '') return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0)
    throw badRequest(`limit: Invalid value: "${raw}"`);
  return limit;
}

export async function handleList(ctx: RequestContext): Promise<void> {
  const fmt = format(ctx);
  const filterSet = Boolean(
    ctx.query.get('labelSelector') || ctx.query.get('fieldSelector'),
  );
  const matches = selection(ctx);
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), ctx.def);
  const pinned = pinnedName(fields);
  const namespace = urlNamespace(ctx);
  let page: ListPage;
  if (
    pinned !== undefined &&
    namespace !== undefined &&
    !ctx.query.get('continue')
  ) {
    // metadata.name=x in a namespace is a point lookup, as kubectl rollout status does it
    const entry = ctx.store
      .table(ctx.def)
      .get(ctx.store.keyOf(ctx.def, namespace, pinned));
    page = {
      items: entry && matches(entry.object) ? [entry] : [],
      resourceVersion: ctx.store.resourceVersion,
    };
  } else {
    page = listPage(ctx.store, {
      def: ctx.def,
      namespace,
      limit: parseLimit(ctx),
      continueToken: ctx.query.get('continue') ?? undefined,
      filter: filterSet ? matches : undefined,
    });
  }
  const meta: Record<string, unknown> = {
    resourceVersion: String(page.resourceVersion),
  };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined)
    meta.remainingItemCount = page.remainingItemCount;

  if (fmt.kind === 'table') {
    const now = ctx.clock.now();
    await streamList(
      ctx,
      tableHead(ctx.def, fmt, meta),
      page.items,
      e => tableRow(ctx.def, e, fmt, ctx.apiVersion, now),
      TABLE_TAIL,
    );
  } else if (fmt.kind === 'partial') {
    requireList(fmt, ctx.def);
    const head = partialListHead(fmt.version, meta);
    const render = (e: StoredObject) => partialObjectJson(e, fmt.version);
    if (fmt.encoding === 'yaml') {
      const list = JSON.parse(`${head}${page.items.map(render).join(',')}]}`);
      sendObject(ctx.res, 200, list, { kind: 'yaml' });
    } else await streamList(ctx, head, page.items, render, ']}');
  } else if (fmt.kind === 'yaml') {
    const list = JSON.parse(listJson(ctx, meta, page.items));
    sendObject(ctx.res, 200, list, fmt);
  } else {
    const head = `{"kind":${JSON.stringify(
      ctx.def.listKind,
    )},"apiVersion":${JSON.stringify(
      ctx.apiVersion,
    )},"metadata":${JSON.stringify(meta)},"items":[`;
    await streamList(ctx, head, page.items, itemRenderer(ctx), ']}');
  }
}

/** Custom resource list items carry kind/apiVersion; typed built-in lists omit them. */
function itemRenderer(ctx: RequestContext): (e: StoredObject) => string {
  return ctx.def.custom
    ? e => e.json(ctx.apiVersion)
    : e => e.bodyAt(ctx.apiVersion);
}

function listJson(
  ctx: RequestContext,
  meta: Record<string, unknown>,
  items: StoredObject[],
): string {
  const render = itemRenderer(ctx);
  return `{"kind":${JSON.stringify(
    ctx.def.listKind,
  )},"apiVersion":${JSON.stringify(ctx.apiVersion)},"metadata":${JSON.stringify(
    meta,
  )},"items":[${items.map(render).join(',')}]}`;
}

/** Writes a large list in chunks, waiting for the socket to drain instead of building one string. */
async function streamList(
  ctx: RequestContext,
  head: string,
  items: StoredObject[],
  render: (e: StoredObject) => string,
  tail: string,
): Promise<void> {
  const { res } = ctx;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  let chunk = head;
  for (let i = 0; i < items.length; i++) {
    chunk += (i ? ',' : '') + render(items[i]);
    if (chunk.length > 256 * 1024) {
      if (!res.write(chunk)) await drainOrClose(res);
      if (res.destroyed) return;
      chunk = '';
    }
  }
  res.end(chunk + tail);
}

export function handleWatch(ctx: RequestContext): void {
  const fmt = negotiate(
    ctx.req.headers.accept,
    true,
    ctx.query.get('includeObject'),
  );
  if (
    fmt.kind === 'yaml' ||
    (fmt.kind === 'partial' && fmt.encoding === 'yaml')
  )
    throw badRequest('watch is not supported for application/yaml');
  const rvParam = ctx.query.get('resourceVersion') ?? '';
  let resourceVersion: number | undefined;
  if (rvParam !== '' && rvParam !== '0') {
    if (!/^\d+$/.test(rvParam))
      throw badRequest(
        `resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`,
      );
    resourceVersion = Number(rvParam);
  }
  const sendInitialEvents = ctx.query.get('sendInitialEvents') === 'true';
  const allowBookmarks = ctx.query.get('allowWatchBookmarks') === 'true';
  if (sendInitialEvents) {
    if (
      ctx.query.get('resourceVersionMatch') !== 'NotOlderThan' ||
      !allowBookmarks
    ) {
      throw badRequest(
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled, resourceVersionMatch is NotOlderThan and allowWatchBookmarks is true',
      );
    }
    resourceVersion = undefined;
  }
  const timeoutParam = ctx.query.get('timeoutSeconds');
  // without timeoutSeconds the server picks its own (--min-request-timeout 1800s)
  const timeoutSeconds = timeoutParam ? Number(timeoutParam) : 1800;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0) {
    throw badRequest(
      `timeoutSeconds: Invalid value: "${timeoutParam}": must be a non-negative integer`,
    );
  }
  const watch = new ResourceWatch(
    ctx.res,
    {
      def: ctx.def,
      apiVersion: ctx.apiVersion,
      namespace: urlNamespace(ctx),
      matches: selection(ctx),
      table: fmt.kind === 'table' ? fmt : undefined,
      partial: fmt.kind === 'partial' ? fmt : undefined,
      resourceVersion,
      allowBookmarks,
      sendInitialEvents,
      timeoutMs: timeoutSeconds * 1000,
      bookmarkIntervalMs: ctx.bookmarkIntervalMs,
    },
    { store: ctx.store, hub: ctx.hub, clock: ctx.clock },
  );
  watch.start();
}

function drainOrClose(res: RequestContext['res']): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
