import {
  badRequest,
  invalid,
  methodNotAllowed,
  StatusCause,
} from '../apiErrors';
import { RequestContext } from '../http/RequestContext';
import { userInfoOf } from '../http/TokenAuthority';
import {
  contentTypeOf,
  decodeObjectBody,
  readBody,
  sendObject,
} from '../http/mediaTypes';
import { isPlainObject } from '../objectUtil';
import { AuthorizationAttributes, UserInfo } from './policyRule';

/**
 * The access-review kinds, created and answered but never stored: SelfSubjectAccessReview
 * (`kubectl auth can-i`), SelfSubjectRulesReview (`kubectl auth can-i --list`), SubjectAccessReview,
 * LocalSubjectAccessReview (pkg/registry/authorization/*) and authentication.k8s.io
 * SelfSubjectReview (`kubectl auth whoami`, pkg/registry/authentication/selfsubjectreview). They ask
 * the same authorizer chain the request filter does, so the answers and reasons agree with what
 * the request itself would get.
 */

type Json = Record<string, any>;

const RESOURCE_FIELDS = [
  'namespace',
  'verb',
  'group',
  'version',
  'resource',
  'subresource',
  'name',
] as const;

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom */
function attributesFrom(user: UserInfo, spec: Json): AuthorizationAttributes {
  const r: Json | undefined = isPlainObject(spec.resourceAttributes)
    ? spec.resourceAttributes
    : undefined;
  if (r) {
    return {
      user,
      verb: String(r.verb ?? ''),
      resourceRequest: true,
      namespace: String(r.namespace ?? ''),
      apiGroup: String(r.group ?? ''),
      apiVersion: String(r.version ?? ''),
      resource: String(r.resource ?? ''),
      subresource: String(r.subresource ?? ''),
      name: String(r.name ?? ''),
      path: '',
    };
  }
  const n: Json = spec.nonResourceAttributes ?? {};
  return {
    user,
    verb: String(n.verb ?? ''),
    resourceRequest: false,
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
    path: String(n.path ?? ''),
  };
}

/** Drops empty strings, as the omitempty JSON tags of ResourceAttributes do. */
function compactAttributes(spec: Json): Json {
  const out: Json = {};
  if (isPlainObject(spec.resourceAttributes)) {
    const r: Json = {};
    for (const f of RESOURCE_FIELDS) {
      if (spec.resourceAttributes[f]) r[f] = String(spec.resourceAttributes[f]);
    }
    out.resourceAttributes = r;
  }
  if (isPlainObject(spec.nonResourceAttributes)) {
    const n: Json = {};
    if (spec.nonResourceAttributes.path)
      n.path = String(spec.nonResourceAttributes.path);
    if (spec.nonResourceAttributes.verb)
      n.verb = String(spec.nonResourceAttributes.verb);
    out.nonResourceAttributes = n;
  }
  return out;
}

/** ValidateSubjectAccessReviewSpec / ValidateSelfSubjectAccessReviewSpec */
function attributeCauses(spec: Json): StatusCause[] {
  const hasResource = isPlainObject(spec.resourceAttributes);
  const hasNonResource = isPlainObject(spec.nonResourceAttributes);
  if (hasResource && hasNonResource)
    return [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.nonResourceAttributes',
        message: `Invalid value: ${JSON.stringify(
          spec.nonResourceAttributes,
        )}: cannot be specified in combination with resourceAttributes`,
      },
    ];
  if (!hasResource && !hasNonResource)
    return [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.resourceAttributes',
        message:
          'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ];
  return [];
}

async function readReview(ctx: RequestContext): Promise<Json> {
  if (ctx.info.verb !== 'create' || ctx.info.name) throw methodNotAllowed();
  const body = decodeObjectBody(
    await readBody(ctx.req),
    contentTypeOf(ctx.req),
    ctx.def.kind,
  );
  if (!isPlainObject(body))
    throw badRequest(
      `the object provided is unrecognized (must be of type ${ctx.def.kind})`,
    );
  return body as Json;
}

function respond(
  ctx: RequestContext,
  namespace: string | undefined,
  spec: Json,
  status: Json,
): void {
  sendObject(ctx.res, 201, {
    kind: ctx.def.kind,
    apiVersion: ctx.apiVersion,
    metadata: namespace
      ? { namespace, creationTimestamp: null }
      : { creationTimestamp: null },
    ...(spec ? { spec } : {}),
    status,
  });
}

function accessStatus(
  ctx: RequestContext,
  attributes: AuthorizationAttributes,
  self: boolean,
): Json {
  const decision = ctx.tokens.authorizer.authorize(
    attributes,
    self ? ctx.identity.rules : [],
  );
  const status: Json = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return status;
}

export async function handleReview(ctx: RequestContext): Promise<void> {
  const body = await readReview(ctx);
  const spec: Json = isPlainObject(body.spec) ? body.spec : {};
  const self = userInfoOf(ctx.identity);
  const kind = ctx.def.kind;
  const group = ctx.def.ref.group;
  switch (kind) {
    case 'SelfSubjectReview':
      respond(ctx, undefined, undefined as unknown as Json, { userInfo: self });
      return;
    case 'SelfSubjectRulesReview': {
      if (!spec.namespace) throw badRequest('no namespace on request');
      const review = ctx.tokens.authorizer.rulesFor(
        self,
        String(spec.namespace),
        ctx.identity.rules,
      );
      respond(ctx, undefined, { namespace: String(spec.namespace) }, review);
      return;
    }
    case 'SelfSubjectAccessReview': {
      const causes = attributeCauses(spec);
      if (causes.length) throw invalid(kind, group, '', causes);
      respond(
        ctx,
        undefined,
        compactAttributes(spec),
        accessStatus(ctx, attributesFrom(self, spec), true),
      );
      return;
    }
    default: {
      // SubjectAccessReview and LocalSubjectAccessReview: about the user in the spec
      const causes = attributeCauses(spec);
      const groups: string[] = Array.isArray(spec.groups)
        ? spec.groups.map(String)
        : [];
      if (!spec.user && groups.length === 0)
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.user',
          message: `Invalid value: "": at least one of user or group must be specified`,
        });
      const namespace = ctx.info.namespace || undefined;
      if (kind === 'LocalSubjectAccessReview') {
        if (body.metadata?.namespace && body.metadata.namespace !== namespace)
          throw badRequest(
            'the namespace of the provided object does not match the namespace sent on the request',
          );
        if (isPlainObject(spec.nonResourceAttributes))
          causes.push({
            reason: 'FieldValueInvalid',
            field: 'spec.nonResourceAttributes',
            message: `Invalid value: ${JSON.stringify(
              spec.nonResourceAttributes,
            )}: disallowed on this kind of request`,
          });
        if ((spec.resourceAttributes?.namespace ?? '') !== namespace)
          causes.push({
            reason: 'FieldValueInvalid',
            field: 'spec.resourceAttributes.namespace',
            message: `Invalid value: ${JSON.stringify(
              spec.resourceAttributes?.namespace ?? '',
            )}: must match metadata.namespace`,
          });
      }
      if (causes.length) throw invalid(kind, group, '', causes);
      const user: UserInfo = {
        username: String(spec.user ?? ''),
        groups,
        ...(spec.uid ? { uid: String(spec.uid) } : {}),
      };
      const out: Json = compactAttributes(spec);
      if (spec.user) out.user = String(spec.user);
      if (groups.length) out.groups = groups;
      if (isPlainObject(spec.extra)) out.extra = spec.extra;
      if (spec.uid) out.uid = String(spec.uid);
      respond(
        ctx,
        namespace,
        out,
        accessStatus(ctx, attributesFrom(user, spec), false),
      );
    }
  }
}
