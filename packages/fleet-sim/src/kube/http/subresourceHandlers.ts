import { badRequest, invalid, methodNotAllowed } from '../apiErrors';
import { isPlainObject } from '../objectUtil';
import { applyJsonMergePatch } from '../patch/jsonMergePatch';
import { applyJsonPatch } from '../patch/jsonPatch';
import { KubeObject } from '../types';
import {
  contentTypeOf,
  decodeObjectBody,
  readBody,
  sendObject,
} from './mediaTypes';
import { RequestContext, urlNamespace } from './RequestContext';

/** deployments/scale, serviceaccounts/token and authentication.k8s.io tokenreviews. */

function scaleOf(deployment: KubeObject): Record<string, unknown> {
  const spec = (deployment.spec ?? {}) as Record<string, any>;
  const status = (deployment.status ?? {}) as Record<string, any>;
  const selector = Object.entries(
    (spec.selector?.matchLabels ?? {}) as Record<string, string>,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const { name, namespace, uid, resourceVersion, creationTimestamp } =
    deployment.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

export async function handleScale(ctx: RequestContext): Promise<void> {
  const namespace = urlNamespace(ctx);
  const current = ctx.store.stored(ctx.def, namespace, ctx.info.name).object;
  if (ctx.info.verb === 'get') {
    sendObject(ctx.res, 200, scaleOf(current));
    return;
  }
  const raw = await readBody(ctx.req);
  let scale: Record<string, any>;
  if (ctx.info.verb === 'update') {
    scale = decodeObjectBody(raw, contentTypeOf(ctx.req), 'Scale') as Record<
      string,
      any
    >;
  } else if (ctx.info.verb === 'patch') {
    const patch = JSON.parse(raw.toString('utf8'));
    scale = (
      contentTypeOf(ctx.req) === 'application/json-patch+json'
        ? applyJsonPatch(scaleOf(current), patch)
        : applyJsonMergePatch(scaleOf(current), patch)
    ) as Record<string, any>;
  } else {
    throw methodNotAllowed();
  }
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', ctx.info.name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
      },
    ]);
  }
  const rv = scale.metadata?.resourceVersion;
  const updated = ctx.store.patchObject(
    ctx.def,
    namespace,
    ctx.info.name,
    obj => {
      if (rv) obj.metadata.resourceVersion = rv;
      (obj.spec as Record<string, unknown>).replicas = replicas;
      return obj;
    },
    false,
  );
  sendObject(ctx.res, 200, scaleOf(updated.object));
}

export async function handleTokenRequest(ctx: RequestContext): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed();
  const namespace = urlNamespace(ctx)!;
  ctx.store.stored(ctx.def, namespace, ctx.info.name); // 404 when the service account is missing
  const body = decodeObjectBody(
    await readBody(ctx.req),
    contentTypeOf(ctx.req),
    'TokenRequest',
  ) as Record<string, any>;
  const spec = isPlainObject(body?.spec)
    ? (body.spec as Record<string, any>)
    : {};
  const expirationSeconds = Number(spec.expirationSeconds ?? 3600);
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length
      ? spec.audiences
      : undefined;
  const token = ctx.tokens.issueServiceAccountToken(namespace, ctx.info.name, {
    expirationSeconds,
    audiences,
  });
  sendObject(ctx.res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: ctx.info.name, namespace, creationTimestamp: null },
    spec: {
      audiences: audiences ?? [ctx.tokens.serviceAccountIssuer],
      expirationSeconds,
      boundObjectRef: null,
    },
    status: {
      token,
      expirationTimestamp: new Date(
        Math.floor(ctx.clock.now() / 1000) * 1000 + expirationSeconds * 1000,
      )
        .toISOString()
        .replace('.000Z', 'Z'),
    },
  });
}

export async function handleTokenReview(ctx: RequestContext): Promise<void> {
  if (ctx.info.verb !== 'create') throw methodNotAllowed();
  const body = decodeObjectBody(
    await readBody(ctx.req),
    contentTypeOf(ctx.req),
    'TokenReview',
  ) as Record<string, any>;
  const spec = isPlainObject(body?.spec)
    ? (body.spec as Record<string, any>)
    : {};
  if (typeof spec.token !== 'string' || !spec.token) {
    throw badRequest('token is required for TokenReview in authentication');
  }
  const audiences: string[] = Array.isArray(spec.audiences)
    ? spec.audiences
    : [];
  sendObject(ctx.res, 201, {
    kind: 'TokenReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: ctx.tokens.review(spec.token, audiences),
  });
}
