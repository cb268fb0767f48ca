import { methodNotAllowed, pathNotFound } from '../apiErrors';
import { handleGet, handleList, handleWatch } from './readHandlers';
import { RequestContext } from './RequestContext';
import {
  handleScale,
  handleTokenRequest,
  handleTokenReview,
} from './subresourceHandlers';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handlePatch,
  handleUpdate,
} from './writeHandlers';

/** Routes an authorized resource request to its handler by verb and subresource. */
export async function dispatchResource(ctx: RequestContext): Promise<void> {
  const { verb, subresource, name } = ctx.info;
  if (ctx.def.key === 'authentication.k8s.io/tokenreviews')
    return handleTokenReview(ctx);
  if (subresource) {
    const known = ctx.def.subresources.find(s => s.name === subresource);
    if (!known || !name) throw pathNotFound();
    if (subresource === 'scale') return handleScale(ctx);
    if (subresource === 'token') return handleTokenRequest(ctx);
    // status
    if (verb === 'get') return handleGet(ctx);
    if (verb === 'update') return handleUpdate(ctx);
    if (verb === 'patch') return handlePatch(ctx);
    throw methodNotAllowed();
  }
  if (!ctx.def.verbs.includes(verb)) throw methodNotAllowed();
  switch (verb) {
    case 'get':
      return handleGet(ctx);
    case 'list':
      return handleList(ctx);
    case 'watch':
      return handleWatch(ctx);
    case 'create':
      return handleCreate(ctx);
    case 'update':
      return handleUpdate(ctx);
    case 'patch':
      return handlePatch(ctx);
    case 'delete':
      return handleDelete(ctx);
    case 'deletecollection':
      return handleDeleteCollection(ctx);
    default:
      throw methodNotAllowed();
  }
}
