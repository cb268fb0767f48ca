import { parse as parseYaml } from 'yaml';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  unsupportedMediaType,
} from '../apiErrors';
import {
  invalidOptions,
  managerOrUserAgent,
  validateFieldManager,
} from '../managedFields/fieldManagerName';
import { fieldTypesFor } from '../managedFields/fieldTypes';
import { applyConfiguration } from '../managedFields/serverSideApply';
import { emptyBody } from '../managedFields/updateManagedFields';
import { isPlainObject } from '../objectUtil';
import { applyJsonMergePatch } from '../patch/jsonMergePatch';
import { applyJsonPatch, JsonPatchApplyError } from '../patch/jsonPatch';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch';
import { matchesFields, parseFieldSelector } from '../selectors/fieldSelector';
import { matchesLabels, parseLabelSelector } from '../selectors/labelSelector';
import { StoredObject } from '../store/StoredObject';
import { DeleteOptions, WriteOptions } from '../store/writeOptions';
import { KubeApiError, KubeObject } from '../types';
import {
  contentTypeOf,
  decodeObjectBody,
  negotiate,
  readBody,
  sendObject,
  warningHeaders,
} from './mediaTypes';
import { RequestContext, urlNamespace } from './RequestContext';

/** POST, PUT, PATCH, DELETE and DELETE-collection of resources and their /status subresource. */

function writeOptions(
  ctx: RequestContext,
  optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
): WriteOptions {
  const validation = ctx.query.get('fieldValidation');
  const manager = ctx.query.get('fieldManager');
  validateFieldManager(optionsKind, manager);
  return {
    dryRun: ctx.query.getAll('dryRun').includes('All'),
    version: ctx.info.version,
    fieldValidation:
      validation === 'Ignore' || validation === 'Strict' ? validation : 'Warn',
    warnings: [],
    fieldManager: managerOrUserAgent(manager, ctx.req.headers['user-agent']),
  };
}

function respond(
  ctx: RequestContext,
  code: number,
  entry: StoredObject,
  options: WriteOptions,
): void {
  const fmt = negotiate(ctx.req.headers.accept, false, null);
  sendObject(
    ctx.res,
    code,
    entry.json(ctx.apiVersion),
    fmt,
    warningHeaders(options.warnings ?? []),
  );
}

async function objectBody(ctx: RequestContext): Promise<KubeObject> {
  const body = decodeObjectBody(
    await readBody(ctx.req),
    contentTypeOf(ctx.req),
    ctx.def.kind,
  );
  if (!isPlainObject(body))
    throw badRequest(
      `the object provided is unrecognized (must be of type ${ctx.def.kind})`,
    );
  const obj = body as KubeObject;
  obj.metadata = (
    isPlainObject(obj.metadata) ? obj.metadata : {}
  ) as KubeObject['metadata'];
  return obj;
}

/** The namespace in the body must agree with the URL; an absent one is taken from the URL. */
function placeInNamespace(ctx: RequestContext, obj: KubeObject): void {
  const namespace = urlNamespace(ctx);
  if (!ctx.def.namespaced) return;
  if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  obj.metadata.namespace = namespace;
}

export async function handleCreate(ctx: RequestContext): Promise<void> {
  if (ctx.info.subresource || ctx.info.name) throw methodNotAllowed();
  const obj = await objectBody(ctx);
  placeInNamespace(ctx, obj);
  const options = writeOptions(ctx, 'CreateOptions');
  respond(ctx, 201, ctx.store.createObject(ctx.def, obj, options), options);
}

export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const status = ctx.info.subresource === 'status';
  const obj = await objectBody(ctx);
  placeInNamespace(ctx, obj);
  if (obj.metadata.name !== ctx.info.name) {
    throw badRequest(
      `the name of the object (${
        obj.metadata.name ?? ''
      }) does not match the name on the URL (${ctx.info.name})`,
    );
  }
  const options = {
    ...writeOptions(ctx, 'UpdateOptions'),
    requireResourceVersion: ctx.def.custom,
  };
  respond(
    ctx,
    200,
    ctx.store.replaceObject(ctx.def, obj, status, options),
    options,
  );
}

const PATCH_TYPES_CUSTOM = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];
const PATCH_TYPES_BUILTIN = [
  ...PATCH_TYPES_CUSTOM.slice(0, 2),
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

const APPLY_PATCH = 'application/apply-patch+yaml';

export async function handlePatch(ctx: RequestContext): Promise<void> {
  const type = contentTypeOf(ctx.req);
  const accepted = ctx.def.custom ? PATCH_TYPES_CUSTOM : PATCH_TYPES_BUILTIN;
  if (!accepted.includes(type)) throw unsupportedMediaType(accepted);
  const options = writeOptions(ctx, 'PatchOptions');
  const force = ctx.query.get('force');
  if (type === APPLY_PATCH) {
    await handleApply(ctx, options, force === 'true');
    return;
  }
  if (force !== null) {
    throw invalidOptions(
      'PatchOptions',
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  }
  const text = (await readBody(ctx.req)).toString('utf8');
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  const apply = (current: KubeObject): KubeObject => {
    switch (type) {
      case 'application/json-patch+json':
        return applyJsonPatchAsServer(current, patch);
      case 'application/strategic-merge-patch+json':
        return applyStrategicMergePatch(current, patch) as KubeObject;
      default:
        return applyJsonMergePatch(current, patch) as KubeObject;
    }
  };
  if (type !== 'application/json-patch+json' && !isPlainObject(patch)) {
    throw badRequest(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  }
  const status = ctx.info.subresource === 'status';
  const entry = ctx.store.patchObject(
    ctx.def,
    urlNamespace(ctx),
    ctx.info.name,
    apply,
    status,
    options,
  );
  respond(ctx, 200, entry, options);
}

/**
 * patch.go wraps a failed JSON-patch operation in NewGenericServerResponse(422, ...) without the
 * library's text: the client sees only the generic Invalid message.
 */
function applyJsonPatchAsServer(
  current: KubeObject,
  patch: unknown,
): KubeObject {
  try {
    return applyJsonPatch(current, patch) as KubeObject;
  } catch (error) {
    if (!(error instanceof JsonPatchApplyError)) throw error;
    throw new KubeApiError(
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
      {},
    );
  }
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const text = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = text.indexOf('/');
  const [group, version] =
    slash < 0 ? ['', text] : [text.slice(0, slash), text.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/** Server-side apply: patch.go applyPatcher, with create-on-apply for a missing object. */
async function handleApply(
  ctx: RequestContext,
  options: WriteOptions,
  force: boolean,
): Promise<void> {
  const manager = ctx.query.get('fieldManager') ?? '';
  if (!manager) {
    throw invalidOptions(
      'PatchOptions',
      'fieldManager',
      'FieldValueRequired',
      'Required value: is required for apply patch',
    );
  }
  const text = (await readBody(ctx.req)).toString('utf8');
  let config: unknown;
  try {
    config = parseYaml(text);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (!isPlainObject(config)) {
    throw badRequest(
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  }
  const applied = config as KubeObject;
  if (applied.apiVersion !== ctx.apiVersion || applied.kind !== ctx.def.kind) {
    throw badRequest(
      `invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`,
    );
  }
  const meta = (
    isPlainObject(applied.metadata) ? applied.metadata : {}
  ) as KubeObject['metadata'];
  const namespace = urlNamespace(ctx);
  if ((meta.name ?? '') !== ctx.info.name) {
    throw badRequest(
      `the name of the object (${
        meta.name ?? ''
      }) does not match the name on the URL (${ctx.info.name})`,
    );
  }
  if (namespace && meta.namespace && meta.namespace !== namespace) {
    throw badRequest(
      `the namespace of the object (${meta.namespace}) does not match the namespace on the URL (${namespace})`,
    );
  }
  const status = ctx.info.subresource === 'status';
  const types = fieldTypesFor(ctx.def, ctx.info.version);
  const request = {
    manager,
    force,
    apiVersion: ctx.apiVersion,
    subresource: status ? 'status' : undefined,
    now: ctx.clock.nowRfc3339(),
    statusOnly: status,
    resetsStatus: !status && ctx.def.hasStatusSubresource,
  };
  const empty = emptyBody(ctx.def.kind, ctx.def.custom);
  const computed = { ...options, managedFieldsComputed: true };
  const exists = ctx.store
    .table(ctx.def)
    .get(ctx.store.keyOf(ctx.def, namespace, ctx.info.name));
  if (!exists) {
    if (status) throw notFound(ctx.def.ref, ctx.info.name);
    const result = applyConfiguration(
      types,
      undefined,
      applied,
      request,
      empty,
    );
    const obj = result.object;
    obj.metadata = { ...obj.metadata, managedFields: result.managedFields };
    placeInNamespace(ctx, obj);
    respond(ctx, 201, ctx.store.createObject(ctx.def, obj, computed), options);
    return;
  }
  const entry = ctx.store.patchObject(
    ctx.def,
    namespace,
    ctx.info.name,
    current => {
      const result = applyConfiguration(
        types,
        current,
        applied,
        request,
        empty,
      );
      const obj = result.object;
      if (result.managedFields)
        obj.metadata.managedFields = result.managedFields;
      else delete obj.metadata.managedFields;
      return obj;
    },
    status,
    computed,
  );
  respond(ctx, 200, entry, options);
}

async function deleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const raw = await readBody(ctx.req);
  let body: Record<string, any> = {};
  if (raw.length) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw badRequest(
        `error decoding DeleteOptions: ${(error as Error).message}`,
      );
    }
  }
  const orphan = ctx.query.get('orphanDependents') ?? body.orphanDependents;
  // the deprecated orphanDependents bool, as the server maps it onto a policy
  let legacy: DeleteOptions['propagationPolicy'];
  if (orphan !== undefined && orphan !== null)
    legacy = String(orphan) === 'true' ? 'Orphan' : 'Background';
  const policy =
    ctx.query.get('propagationPolicy') ?? body.propagationPolicy ?? legacy;
  const dryRun = [
    ...ctx.query.getAll('dryRun'),
    ...(body.dryRun ?? []),
  ].includes('All');
  return {
    dryRun,
    preconditions: body.preconditions,
    propagationPolicy: policy,
  };
}

export async function handleDelete(ctx: RequestContext): Promise<void> {
  if (ctx.info.subresource) throw methodNotAllowed();
  const options = await deleteOptions(ctx);
  const { stored, deleted } = ctx.store.deleteObject(
    ctx.def,
    urlNamespace(ctx),
    ctx.info.name,
    options,
  );
  if (deleted && !ctx.def.custom) {
    // built-in registries answer an immediate delete with a Success Status, CRDs with the object
    sendObject(ctx.res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: ctx.info.name,
        group: ctx.def.ref.group || undefined,
        kind: ctx.def.ref.resource,
        uid: stored.object.metadata.uid,
      },
    });
    return;
  }
  sendObject(ctx.res, 200, stored.json(ctx.apiVersion));
}

export async function handleDeleteCollection(
  ctx: RequestContext,
): Promise<void> {
  const options = await deleteOptions(ctx);
  const labels = parseLabelSelector(ctx.query.get('labelSelector'));
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), ctx.def);
  const namespace = urlNamespace(ctx);
  const targets = [...ctx.store.table(ctx.def).entries(namespace)].filter(
    e =>
      matchesLabels(labels, e.object.metadata.labels) &&
      matchesFields(fields, e.object),
  );
  const removed = targets.map(
    e =>
      ctx.store.deleteObject(
        ctx.def,
        e.object.metadata.namespace,
        e.object.metadata.name,
        options,
      ).stored,
  );
  const items = removed
    .map(e => (ctx.def.custom ? e.json(ctx.apiVersion) : e.body))
    .join(',');
  const body = `{"kind":${JSON.stringify(
    ctx.def.listKind,
  )},"apiVersion":${JSON.stringify(
    ctx.apiVersion,
  )},"metadata":{"resourceVersion":"${
    ctx.store.resourceVersion
  }"},"items":[${items}]}`;
  sendObject(ctx.res, 200, body);
}
